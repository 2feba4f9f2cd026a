// Runs last (run.sh runs the files one after another, in name order): checks from the records
// lib/harness.mjs wrote that the scenarios called each of the contract's operations — the 14 of
// the Conversation domain (among them the two file operations requestFileUpload and
// getFileAccessToken) and the 6 of the File domain — at least once with a documented success
// status and once with a documented error status.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { contract, operationIdsOfTag } from "./lib/contract.mjs";

const dir = process.env.PARLEY_COVERAGE_DIR;

function documentedStatuses(operationId) {
  for (const item of Object.values(contract.paths)) {
    for (const op of Object.values(item)) {
      if (op?.operationId === operationId) {
        const codes = Object.keys(op.responses).filter((k) => /^\d{3}$/.test(k)).map(Number);
        return {
          success: codes.filter((c) => c >= 200 && c < 300),
          // 429 (rate limit) and 5xx are documented, but not something a scenario provokes
          errors: codes.filter((c) => c >= 400 && c < 500 && c !== 429),
        };
      }
    }
  }
  assert.fail(`operation ${operationId} is not in the contract`);
}

const CONVERSATION_FILE_OPERATIONS = ["conversation-request-file-upload", "conversation-get-file-access-token"];
const FILE_OPERATIONS = [
  "file-create-file",
  "file-get-file",
  "file-get-file-with-name",
  "file-get-file-meta",
  "file-get-file-upload-token-rules",
  "file-get-file-upload-type-rules",
];

test("the contract has the operations this suite is meant to cover", () => {
  const conversation = operationIdsOfTag("Conversation");
  assert.equal(conversation.length, 14, `14 Conversation operations: ${conversation}`);
  for (const id of CONVERSATION_FILE_OPERATIONS) assert.ok(conversation.includes(id), `${id} is a Conversation operation`);
  assert.deepEqual([...operationIdsOfTag("File")].sort(), [...FILE_OPERATIONS].sort(), "the 6 File operations");
});

test("every Conversation and File operation was exercised on success and on a documented error", (t) => {
  if (!dir || !existsSync(dir)) {
    t.skip("no coverage records (PARLEY_COVERAGE_DIR unset or empty): run the whole suite with run.sh");
    return;
  }
  const seen = new Map();
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".jsonl"))) {
    for (const line of readFileSync(join(dir, f), "utf8").split("\n")) {
      if (!line) continue;
      const { operationId, status } = JSON.parse(line);
      if (!seen.has(operationId)) seen.set(operationId, new Set());
      seen.get(operationId).add(status);
    }
  }
  const required = [...new Set([...operationIdsOfTag("Conversation"), ...operationIdsOfTag("File")])];
  const missing = [];
  for (const id of required) {
    const statuses = [...(seen.get(id) ?? [])].sort();
    const documented = documentedStatuses(id);
    const ok = statuses.some((s) => documented.success.includes(s));
    const err = documented.errors.length === 0 || statuses.some((s) => documented.errors.includes(s));
    t.diagnostic(`${ok ? "ok " : "-- "} ${err ? "err" : "---"} ${id} ${statuses.join(" ") || "(not called)"}`);
    if (!ok) missing.push(`${id}: none of the documented success statuses ${documented.success}`);
    if (!err) missing.push(`${id}: none of the documented errors ${documented.errors}`);
  }
  assert.deepEqual(missing, [], "operations not covered");
});
