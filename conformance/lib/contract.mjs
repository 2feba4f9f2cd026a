// Validates real responses against the contract (mittwald's OpenAPI document, the part Parley
// implements). The schema for an operation's response is looked up by operationId and status,
// falling back to the operation's `default` response, and checked with Ajv.
import { readFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "..", "..");
const CONTRACT_NAME = "mittwald-conversation-file-v2.openapi.json";

function contractPath() {
  const candidates = [
    process.env.PARLEY_CONTRACT,
    // shared/ lies beside the repository (developer machines and CI)
    join(repoRoot, "..", "shared", "spec", CONTRACT_NAME),
    // the server ships an unchanged copy of the contract
    join(repoRoot, "server", "src", "main", "resources", "contract", CONTRACT_NAME),
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(`contract not found; looked at:\n  ${candidates.join("\n  ")}`);
  }
  return found;
}

export const contract = JSON.parse(readFileSync(contractPath(), "utf8"));

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: "contract", components: contract.components });

const operations = new Map();
for (const [path, item] of Object.entries(contract.paths)) {
  for (const [method, op] of Object.entries(item)) {
    if (op && typeof op === "object" && op.operationId) {
      operations.set(op.operationId, { path, method: method.toUpperCase(), op });
    }
  }
}

/** Every operationId of a contract tag, e.g. all 14 of "Conversation". */
export function operationIdsOfTag(tag) {
  return [...operations.entries()].filter(([, o]) => (o.op.tags ?? []).includes(tag)).map(([id]) => id);
}

function rewriteRefs(node) {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === "object") {
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] = k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `contract${v}` : rewriteRefs(v);
    }
    return out;
  }
  return node;
}

function resolveResponse(response) {
  if (response && response.$ref) {
    const name = response.$ref.replace("#/components/responses/", "");
    return contract.components.responses[name];
  }
  return response;
}

const validators = new Map();

function validatorFor(operationId, status) {
  const entry = operations.get(operationId);
  if (!entry) throw new Error(`unknown operationId ${operationId}`);
  const responses = entry.op.responses;
  const key = String(status) in responses ? String(status) : "default";
  const cacheKey = `${operationId} ${key}`;
  if (!validators.has(cacheKey)) {
    const response = resolveResponse(responses[key]);
    const schema = response?.content?.["application/json"]?.schema;
    validators.set(cacheKey, schema ? { key, validate: ajv.compile(rewriteRefs(schema)) } : { key, validate: null });
  }
  return validators.get(cacheKey);
}

/**
 * Asserts that the body of an SDK response matches the contract's schema for this operation
 * and status (or the operation's `default` response).
 */
export function assertConforms(response, operationId) {
  const { key, validate } = validatorFor(operationId, response.status);
  if (!validate) return;
  const contentType = String(response.headers?.["content-type"] ?? "");
  assert.match(
    contentType,
    /^application\/json\b/i,
    `${operationId} ${response.status}: the contract documents an application/json body, got content-type '${contentType}'`,
  );
  const ok = validate(response.data);
  if (!ok) {
    const body = JSON.stringify(response.data);
    assert.fail(
      `${operationId} ${response.status} (contract response '${key}') does not match the contract: ` +
        `${ajv.errorsText(validate.errors, { separator: "; " })}\nbody: ${body.slice(0, 1500)}`,
    );
  }
}
