// Shared set-up for the conformance scenarios: SDK clients for the demo users, helpers that
// create conversations the way mittwald's tools do, and assertions on error shapes.
//
// Environment (set by run.sh):
//   PARLEY_URL       base URL of a running Parley, e.g. http://127.0.0.1:41234
//   PARLEY_DATA_DIR  its --data-dir; demo-credentials.json is read from there
//   PARLEY_COVERAGE_DIR (optional) where each test process records the operations it called
import { readFileSync, mkdirSync, appendFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import assert from "node:assert/strict";
import { MittwaldAPIV2Client } from "@mittwald/api-client";
import { assertStatus, assertOneOfStatus } from "@mittwald/api-client-commons";
import { assertConforms, assertResponseConforms, operationOf } from "./contract.mjs";

export { assertStatus, assertOneOfStatus, assertConforms };

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the suite with 'bash conformance/run.sh' from the repository root`);
  }
  return value;
}

export const PARLEY_URL = requiredEnv("PARLEY_URL").replace(/\/+$/, "");
export const PARLEY_DATA_DIR = requiredEnv("PARLEY_DATA_DIR");

/** demo-credentials.json as written by `parley serve --demo`. */
export const creds = JSON.parse(readFileSync(join(PARLEY_DATA_DIR, "demo-credentials.json"), "utf8"));

function userOfRole(role) {
  const user = creds.users.find((u) => u.role === role);
  assert.ok(user, `demo-credentials.json has no user with role '${role}'`);
  return user;
}

export const users = {
  owner: userOfRole("customer-owner"),
  member: userOfRole("customer-member"),
  projectMember: userOfRole("project-member"),
  outsider: userOfRole("outsider"),
  employee: userOfRole("employee"),
};

export const demoCustomer = creds.customers[0];
export const outsiderCustomer = creds.customers[1];
export const demoProject =
  creds.projects.find((p) => p.customerId === demoCustomer.customerId) ??
  assert.fail("demo-credentials.json has no project of the first customer");

// ---------------------------------------------------------------------------------------------
// Coverage: every response is recorded as (operationId, status) so run.sh can report which
// contract operations were exercised on success and on error.

const coverageDir = process.env.PARLEY_COVERAGE_DIR;
const coverageFile = coverageDir ? join(coverageDir, `${process.pid}.jsonl`) : null;
if (coverageDir) mkdirSync(coverageDir, { recursive: true });

function recordCoverage(response) {
  if (!coverageFile || !response?.config) return;
  const operationId = operationOf(response.config.method, response.config.url);
  if (operationId) appendFileSync(coverageFile, JSON.stringify({ operationId, status: response.status }) + "\n");
}

// ---------------------------------------------------------------------------------------------
// Clients

/**
 * A client of mittwald's official SDK pointed at Parley, the way mittwald's CLI does it with
 * MITTWALD_API_BASE_URL: `axios.defaults.baseURL` is replaced. The SDK's event consistency
 * handling is switched on, so reads after a write carry `if-event-reached`.
 */
export function sdkClient(token, { consistency = true } = {}) {
  const client = token ? MittwaldAPIV2Client.newWithToken(token) : MittwaldAPIV2Client.newUnauthenticated();
  client.axios.defaults.baseURL = `${PARLEY_URL}/`;
  client.axios.defaults.timeout = 20_000;
  if (consistency) client.withEventConsistencyHandling();
  client.axios.interceptors.response.use((response) => {
    recordCoverage(response);
    // every response of a contract operation is checked against the contract here, so a
    // scenario that only looks at the status still fails on a body that breaks the schema
    assertResponseConforms(response);
    return response;
  });
  return client;
}

export const api = {
  owner: sdkClient(users.owner.token),
  member: sdkClient(users.member.token),
  projectMember: sdkClient(users.projectMember.token),
  outsider: sdkClient(users.outsider.token),
  employee: sdkClient(users.employee.token),
  anonymous: sdkClient(undefined),
};

// ---------------------------------------------------------------------------------------------
// Small helpers

/** A unique lower-case alphanumeric word, safe for full-text search. */
export function tag(prefix = "cf") {
  return prefix + randomBytes(6).toString("hex").replace(/[0-9]/g, (d) => "ghijklmnop"[d]);
}

export const randomId = () => randomUUID();

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function header(response, name) {
  const h = response.headers;
  const v = typeof h?.get === "function" ? h.get(name) : h?.[name.toLowerCase()];
  return v === undefined || v === null ? undefined : String(v);
}

export const sharedWithCustomer = (id = demoCustomer.customerId) => ({ domain: "customer", aggregate: "customer", id });
export const sharedWithProject = (id = demoProject.projectId) => ({ domain: "project", aggregate: "project", id });
export const sharedWithUser = (id) => ({ domain: "user", aggregate: "user", id });

let categoriesCache;
export async function categories() {
  if (!categoriesCache) {
    const res = await api.anonymous.conversation.listCategories();
    assertStatus(res, 200);
    categoriesCache = res.data;
  }
  return categoriesCache;
}

export async function categoryByName(name) {
  const found = (await categories()).find((c) => c.name === name);
  assert.ok(found, `category '${name}' not found in listCategories`);
  return found;
}

/**
 * createConversation in a category given by name (default `general`, as mittwald's CLI does).
 * Returns the conversationId and the response.
 */
export async function createConversation(client, { category = "general", ...data } = {}) {
  const categoryId = (await categoryByName(category)).categoryId;
  const res = await client.conversation.createConversation({
    data: { title: `conformance ${tag()}`, categoryId, ...data },
  });
  assertStatus(res, 201);
  assertConforms(res, "conversation-create-conversation");
  return { conversationId: res.data.conversationId, response: res };
}

export async function getConversation(client, conversationId) {
  const res = await client.conversation.getConversation({ conversationId });
  assertStatus(res, 200);
  assertConforms(res, "conversation-get-conversation");
  return res.data;
}

export async function timeline(client, conversationId) {
  const res = await client.conversation.listMessagesByConversation({ conversationId });
  assertStatus(res, 200);
  assertConforms(res, "conversation-list-messages-by-conversation");
  return res.data;
}

export async function postMessage(client, conversationId, messageContent) {
  const res = await client.conversation.createMessage({ conversationId, data: { messageContent } });
  assertStatus(res, 201);
  assertConforms(res, "conversation-create-message");
  assert.equal(res.data.conversationId, conversationId);
  return res.data.messageId;
}

export async function setStatus(client, conversationId, status) {
  const res = await client.conversation.setConversationStatus({ conversationId, data: { status } });
  assertStatus(res, 200);
  assertConforms(res, "conversation-set-conversation-status");
  assert.equal(res.data.conversationId, conversationId);
  return res;
}

/** All conversations the client can see (one big page), newest activity first. */
export async function listAll(client, queryParameters = {}) {
  const res = await client.conversation.listConversations({ queryParameters: { limit: 1000, ...queryParameters } });
  assertStatus(res, 200);
  assertConforms(res, "conversation-list-conversations");
  return res;
}

const statusUpdates = (entries) => entries.filter((e) => e.type === "STATUS_UPDATE").map((e) => e.messageContent);
export { statusUpdates };

/**
 * Asserts an error response: the status, the contract's shape for it, and for 400 the
 * mittwald ValidationError body with at least one entry.
 */
export function assertError(res, expected, operationId) {
  const allowed = Array.isArray(expected) ? expected : [expected];
  assert.ok(
    allowed.includes(res.status),
    `${operationId}: expected status ${allowed.join(" or ")}, got ${res.status}: ${JSON.stringify(res.data)?.slice(0, 800)}`,
  );
  if (operationId) assertConforms(res, operationId);
  const body = res.data;
  assert.equal(typeof body, "object", `error body must be JSON, got ${typeof body}: ${String(body).slice(0, 200)}`);
  assert.ok(body !== null, "error body must not be null");
  assert.equal(typeof body.type, "string", `error body needs a string 'type': ${JSON.stringify(body)}`);
  if (res.status === 400) {
    assert.equal(body.type, "ValidationError", `400 must be a ValidationError: ${JSON.stringify(body)}`);
    assert.equal(typeof body.message, "string", `ValidationError needs a message: ${JSON.stringify(body)}`);
    assert.ok(
      Array.isArray(body.validationErrors) && body.validationErrors.length > 0,
      `ValidationError needs a non-empty validationErrors: ${JSON.stringify(body)}`,
    );
    for (const e of body.validationErrors) {
      assert.equal(typeof e.message, "string", `validationErrors[].message: ${JSON.stringify(e)}`);
      assert.equal(typeof e.path, "string", `validationErrors[].path: ${JSON.stringify(e)}`);
      assert.equal(typeof e.type, "string", `validationErrors[].type: ${JSON.stringify(e)}`);
      if (e.context !== undefined) assert.equal(typeof e.context, "object", `validationErrors[].context: ${JSON.stringify(e)}`);
    }
  } else {
    assert.equal(typeof body.message, "string", `error body needs a string 'message': ${JSON.stringify(body)}`);
  }
  return body;
}

export function sameInstant(a, b, message) {
  assert.ok(a && b, `${message}: missing timestamp (${a} / ${b})`);
  assert.equal(Date.parse(a), Date.parse(b), `${message}: ${a} != ${b}`);
}
