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
    const content = response?.content ?? {};
    const schema = content["application/json"]?.schema;
    validators.set(cacheKey, {
      key,
      documented: response !== undefined,
      mediaTypes: Object.keys(content),
      validate: schema ? ajv.compile(rewriteRefs(schema)) : null,
    });
  }
  return validators.get(cacheKey);
}

// Every operation's path as a pattern, literal paths before templated ones (/v2/files before
// /v2/files/{fileId}), so a response can be traced back to its operation.
const pathMatchers = [];
for (const { path, method, op } of operations.values()) {
  const rx = new RegExp("^/?" + path.replace(/^\//, "").replace(/\{[^}]+\}/g, "[^/]+") + "$");
  pathMatchers.push({ method, rx, operationId: op.operationId });
}
pathMatchers.sort((a, b) => a.rx.source.split("[^/]+").length - b.rx.source.split("[^/]+").length);

/** The operationId whose method and path template match a request, or undefined. */
export function operationOf(method, url) {
  const path = String(url ?? "").split("?")[0];
  return pathMatchers.find((p) => p.method === String(method ?? "").toUpperCase() && p.rx.test(path))?.operationId;
}

/** The body as JSON: the SDK's object, or a buffer or string when a caller set axios' responseType. */
function jsonBody(data) {
  if (Buffer.isBuffer(data)) return JSON.parse(data.toString("utf8"));
  if (data instanceof ArrayBuffer) return JSON.parse(Buffer.from(data).toString("utf8"));
  if (typeof data === "string") return JSON.parse(data);
  return data;
}

/**
 * Why the response does not match the contract's response for this operation and status (or
 * the operation's `default` response), or null when it does: a status the contract does not
 * document, a non-JSON body where the contract declares JSON, or a JSON body that breaks the
 * declared schema. Bodies of non-JSON media types (downloads) are not looked into.
 */
export function conformanceProblem(response, operationId) {
  const { key, documented, mediaTypes, validate } = validatorFor(operationId, response.status);
  const what = `${operationId} ${response.status} (contract response '${key}')`;
  if (!documented) return `${what}: the contract documents neither this status nor a default response`;
  if (!mediaTypes.includes("application/json")) return null;
  const contentType = String(response.headers?.["content-type"] ?? "");
  if (!/^application\/json\b/i.test(contentType)) {
    return `${what}: the contract documents an application/json body, got content-type '${contentType}'`;
  }
  let body;
  try {
    body = jsonBody(response.data);
  } catch (e) {
    return `${what}: the body is not JSON: ${e.message}`;
  }
  if (!validate(body)) {
    return (
      `${what} does not match the contract: ${ajv.errorsText(validate.errors, { separator: "; " })}\n` +
      `body: ${JSON.stringify(body)?.slice(0, 1500)}`
    );
  }
  return null;
}

/**
 * Asserts that the body of an SDK response matches the contract's schema for this operation
 * and status (or the operation's `default` response).
 */
export function assertConforms(response, operationId) {
  const problem = conformanceProblem(response, operationId);
  if (problem) assert.fail(problem);
}

/**
 * Asserts that a response of a contract operation, found by its method and path, matches the
 * contract; responses of other paths are left alone. The SDK clients run this on every response.
 */
export function assertResponseConforms(response) {
  const operationId = operationOf(response.config?.method, response.config?.url);
  if (operationId) assertConforms(response, operationId);
  return operationId;
}
