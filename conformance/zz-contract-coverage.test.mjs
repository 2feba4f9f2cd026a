// Runs last (run.sh runs the files one after another, in name order): checks from the records
// lib/harness.mjs wrote that the scenarios called each of the contract's 14 Conversation
// operations at least once with success and once with a documented error status.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { contract, operationIdsOfTag } from "./lib/contract.mjs";

const dir = process.env.PARLEY_COVERAGE_DIR;

function documentedErrors(operationId) {
  for (const item of Object.values(contract.paths)) {
    for (const op of Object.values(item)) {
      if (op?.operationId === operationId) {
        return Object.keys(op.responses).filter((k) => /^4\d\d$/.test(k) && k !== "429").map(Number);
      }
    }
  }
  return [];
}

test("every Conversation operation was exercised on success and on a documented error", (t) => {
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
  const missing = [];
  for (const id of operationIdsOfTag("Conversation")) {
    const statuses = [...(seen.get(id) ?? [])].sort();
    const documented = documentedErrors(id);
    const notImplemented = statuses.includes(501);
    const ok = statuses.some((s) => s >= 200 && s < 300);
    const err = documented.length === 0 || statuses.some((s) => documented.includes(s));
    t.diagnostic(`${ok ? "ok " : notImplemented ? "501" : "-- "} ${err ? "err" : "---"} ${id} ${statuses.join(" ") || "(not called)"}`);
    if (!ok && !notImplemented) missing.push(`${id}: no success`);
    if (!err && !notImplemented) missing.push(`${id}: none of the documented errors ${documented}`);
  }
  assert.deepEqual(missing, [], "operations not covered");
});
