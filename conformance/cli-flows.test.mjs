// What mittwald's CLI (`mw conversation …`) does against the API, call for call, with a client
// set up the way the CLI sets up its own: MittwaldAPIV2Client.newWithToken, its own User-Agent,
// the base URL from MITTWALD_API_BASE_URL, and `if-event-reached` after every mutation.
//
//   mw conversation categories           listCategories
//   mw conversation create --title …     listCategories (find "general"), createConversation, createMessage
//   mw conversation list                 listConversations
//   mw conversation show <id>            getConversation (id or shortId) ; getConversation + listMessagesByConversation
//   mw conversation reply <id>           getConversation (normalize id) ; createMessage
//   mw conversation close <id>           getConversation (normalize id) ; setConversationStatus closed
import { test } from "node:test";
import assert from "node:assert/strict";
import { MittwaldAPIV2Client } from "@mittwald/api-client";
import { assertStatus } from "@mittwald/api-client-commons";
import { PARLEY_URL, users, tag, assertConforms } from "./lib/harness.mjs";

function cliClient(token) {
  const apiClient = MittwaldAPIV2Client.newWithToken(token);
  apiClient.axios.defaults.headers["User-Agent"] = "mittwald-cli/1.0.0-conformance";
  // what the CLI's configureAxiosBaseURL does with MITTWALD_API_BASE_URL
  apiClient.axios.defaults.baseURL = PARLEY_URL;
  apiClient.axios.defaults.timeout = 20_000;
  // the CLI's consistency handling: remember the ETag of a mutation, send it on what follows
  let lastEventId;
  apiClient.axios.interceptors.request.use((config) => {
    if (lastEventId !== undefined) config.headers["if-event-reached"] = lastEventId;
    return config;
  });
  apiClient.axios.interceptors.response.use((response) => {
    const mutating = ["post", "put", "delete", "patch"].includes(response.config?.method?.toLowerCase() ?? "");
    if (response.headers.has("etag") && mutating) lastEventId = response.headers.get("etag");
    return response;
  });
  return apiClient;
}

// --- the commands ------------------------------------------------------------------------------

async function categoriesCommand(apiClient) {
  const res = await apiClient.conversation.listCategories();
  assertStatus(res, 200);
  return res.data;
}

async function createCommand(apiClient, { title, message, category = "general" }) {
  const categoryResponse = await apiClient.conversation.listCategories();
  assertStatus(categoryResponse, 200);
  const found = categoryResponse.data.find((c) => c.name === category);
  if (!found) throw new Error(`category ${category} not found`);

  const conversationResponse = await apiClient.conversation.createConversation({
    data: { title, categoryId: found.categoryId },
  });
  assertStatus(conversationResponse, 201);
  const conversationId = conversationResponse.data.conversationId;

  const response = await apiClient.conversation.createMessage({ conversationId, data: { messageContent: message } });
  assertStatus(response, 201);
  return conversationId;
}

async function listCommand(apiClient) {
  const res = await apiClient.conversation.listConversations();
  assertStatus(res, 200);
  assertConforms(res, "conversation-list-conversations");
  // the columns the CLI prints
  return res.data.map((row) => ({
    conversationId: row.conversationId,
    shortId: row.shortId,
    status: row.status,
    title: row.title,
    createdBy: row.createdBy ? row.createdBy.clearName : "unknown",
  }));
}

async function normalizeConversationId(apiClient, id) {
  const conversation = await apiClient.conversation.getConversation({ conversationId: id });
  assertStatus(conversation, 200);
  return conversation.data.conversationId;
}

async function showCommand(apiClient, id) {
  const conversationId = await normalizeConversationId(apiClient, id);
  const [conversationResponse, messagesResponse] = await Promise.all([
    apiClient.conversation.getConversation({ conversationId }),
    apiClient.conversation.listMessagesByConversation({ conversationId }),
  ]);
  assertStatus(conversationResponse, 200);
  assertStatus(messagesResponse, 200);
  assertConforms(conversationResponse, "conversation-get-conversation");
  assertConforms(messagesResponse, "conversation-list-messages-by-conversation");
  const conv = conversationResponse.data;
  return {
    metadata: {
      Title: conv.title,
      ID: conv.shortId,
      Opened: conv.createdBy ? conv.createdBy.clearName : "Unknown User",
      Status: conv.status,
    },
    // what the CLI prints for each timeline entry
    lines: messagesResponse.data.map((msg) =>
      msg.type === "MESSAGE"
        ? `${msg.createdBy?.clearName}: ${msg.messageContent ?? ""}`
        : { CONVERSATION_CREATED: "CREATED", STATUS_OPEN: "REOPENED", STATUS_CLOSED: "CLOSED" }[msg.messageContent] ??
          msg.messageContent,
    ),
  };
}

async function replyCommand(apiClient, id, message) {
  const conversationId = await normalizeConversationId(apiClient, id);
  const response = await apiClient.conversation.createMessage({ conversationId, data: { messageContent: message } });
  assertStatus(response, 201);
}

async function closeCommand(apiClient, id) {
  const conversationId = await normalizeConversationId(apiClient, id);
  const response = await apiClient.conversation.setConversationStatus({ conversationId, data: { status: "closed" } });
  assertStatus(response, 200);
}

// --- the flows ---------------------------------------------------------------------------------

test("mw conversation categories", async () => {
  const cli = cliClient(users.owner.token);
  const names = (await categoriesCommand(cli)).map((c) => c.name);
  for (const name of ["general", "project", "server", "organisation", "extension", "billing"]) {
    assert.ok(names.includes(name), `'${name}' is listed: ${names}`);
  }
});

test("mw conversation create, list, show, reply, close", async () => {
  const customer = cliClient(users.owner.token);
  const staff = cliClient(users.employee.token);
  const title = `Mail delivery delayed ${tag()}`;

  // create
  const conversationId = await createCommand(customer, { title, message: "Our mails arrive hours late." });

  // list
  const row = (await listCommand(customer)).find((r) => r.conversationId === conversationId);
  assert.ok(row, "the new conversation is listed");
  assert.equal(row.title, title);
  assert.equal(row.status, "open");
  assert.equal(row.createdBy, users.owner.clearName);
  assert.ok(row.shortId, "the list shows a shortId");

  // show, by the shortId the list printed
  let shown = await showCommand(customer, row.shortId);
  assert.deepEqual(shown.metadata, { Title: title, ID: row.shortId, Opened: users.owner.clearName, Status: "open" });
  assert.deepEqual(shown.lines, ["CREATED", `${users.owner.clearName}: Our mails arrive hours late.`]);

  // support staff replies (by uuid), the customer sees "answered"
  await replyCommand(staff, conversationId, "We found a stuck queue and flushed it.");
  shown = await showCommand(customer, conversationId);
  assert.equal(shown.metadata.Status, "answered");
  assert.ok(shown.lines.includes(`${users.employee.clearName}: We found a stuck queue and flushed it.`), shown.lines.join("\n"));
  assert.ok(shown.lines.includes("STATUS_ANSWERED"), `the timeline shows the change to answered: ${shown.lines}`);

  // the customer replies (by shortId) and closes
  await replyCommand(customer, row.shortId, "Works again, thanks!");
  await closeCommand(customer, row.shortId);

  shown = await showCommand(customer, row.shortId);
  assert.equal(shown.metadata.Status, "closed");
  // the order of a message and the status change it causes is the server's choice; the sequence
  // of what happened is fixed:
  const messages = shown.lines.filter((l) => typeof l === "string" && l.includes(": "));
  assert.deepEqual(messages, [
    `${users.owner.clearName}: Our mails arrive hours late.`,
    `${users.employee.clearName}: We found a stuck queue and flushed it.`,
    `${users.owner.clearName}: Works again, thanks!`,
  ]);
  const statuses = shown.lines.filter((l) => !l.includes(": "));
  assert.deepEqual(statuses, ["CREATED", "STATUS_ANSWERED", "REOPENED", "CLOSED"]);
  assert.equal(shown.lines.at(-1), "CLOSED");

  // and the list agrees
  const after = (await listCommand(customer)).find((r) => r.conversationId === conversationId);
  assert.equal(after.status, "closed");

  // the employee sees it in their list too
  assert.ok((await listCommand(staff)).some((r) => r.conversationId === conversationId));
});

test("mw conversation show of someone else's conversation fails with 404", async () => {
  const owner = cliClient(users.owner.token);
  const outsider = cliClient(users.outsider.token);
  const conversationId = await createCommand(owner, { title: `private ${tag()}`, message: "not for you" });
  const res = await outsider.conversation.getConversation({ conversationId });
  assert.equal(res.status, 404);
  await assert.rejects(() => showCommand(outsider, conversationId), /expected 200, got: 404/);
});
