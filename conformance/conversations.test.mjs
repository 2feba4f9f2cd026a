// createConversation, getConversation, updateConversation: what is stored and read back,
// request validation and authentication.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  api,
  users,
  demoCustomer,
  demoProject,
  tag,
  randomId,
  header,
  assertStatus,
  assertOneOfStatus,
  assertConforms,
  assertError,
  categoryByName,
  createConversation,
  getConversation,
  timeline,
  sharedWithCustomer,
  sharedWithProject,
  sharedWithUser,
  sameInstant,
} from "./lib/harness.mjs";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

test("createConversation stores what was sent; getConversation reads it back", async () => {
  const title = `Printer on fire ${tag()}`;
  const general = await categoryByName("general");
  const before = Date.now();
  const res = await api.owner.conversation.createConversation({
    data: { title, categoryId: general.categoryId, sharedWith: sharedWithCustomer() },
  });
  assertStatus(res, 201);
  assertConforms(res, "conversation-create-conversation");
  assert.match(res.data.conversationId, UUID);
  assert.ok(header(res, "etag"), "createConversation answers an ETag header");

  const conv = await getConversation(api.owner, res.data.conversationId);
  assert.equal(conv.conversationId, res.data.conversationId);
  assert.equal(conv.title, title);
  assert.equal(conv.status, "open");
  assert.deepEqual(conv.category, general);
  assert.deepEqual(conv.sharedWith, sharedWithCustomer());
  assert.equal(conv.visibility, "shared");
  assert.equal(conv.createdBy?.userId, users.owner.userId);
  assert.equal(conv.createdBy?.clearName, users.owner.clearName);
  assert.equal(conv.mainUser.userId, users.owner.userId, "without mainUserId the creator is the main user");
  assert.equal(typeof conv.shortId, "string");
  assert.ok(conv.shortId.length > 0, "shortId is not empty");
  const createdAt = Date.parse(conv.createdAt);
  assert.ok(createdAt >= before - 5_000 && createdAt <= Date.now() + 5_000, `createdAt ${conv.createdAt} is now`);
  assert.equal(conv.lastMessage, undefined, "no MESSAGE yet, so no lastMessage");
  assert.equal(conv.lastMessageBy, undefined, "no MESSAGE yet, so no lastMessageBy");
});

test("each conversation gets its own shortId", async () => {
  const ids = [];
  for (let i = 0; i < 3; i++) {
    const { conversationId } = await createConversation(api.owner);
    ids.push((await getConversation(api.owner, conversationId)).shortId);
  }
  assert.equal(new Set(ids).size, ids.length, `shortIds must be unique: ${ids}`);
});

test("createConversation with messageContent also creates the first MESSAGE", async () => {
  const text = `The printer is on fire again ${tag()}`;
  const { conversationId } = await createConversation(api.owner, { messageContent: text, sharedWith: sharedWithCustomer() });
  const entries = await timeline(api.owner, conversationId);
  const messages = entries.filter((e) => e.type === "MESSAGE");
  assert.equal(messages.length, 1, `exactly one MESSAGE: ${JSON.stringify(entries)}`);
  assert.equal(messages[0].messageContent, text);
  assert.equal(messages[0].createdBy?.userId, users.owner.userId);
  assert.equal(messages[0].conversationId, conversationId);

  const conv = await getConversation(api.owner, conversationId);
  assert.equal(conv.lastMessage?.createdBy?.userId, users.owner.userId);
  sameInstant(conv.lastMessage?.createdAt, messages[0].createdAt, "lastMessage.createdAt is the message's createdAt");
  sameInstant(conv.lastMessageAt, messages[0].createdAt, "lastMessageAt is the message's createdAt");
  assert.equal(conv.lastMessageBy?.userId, users.owner.userId);
});

test("visibility is private when shared with a single user, shared with a customer or project", async () => {
  const cases = [
    [sharedWithUser(users.owner.userId), "private"],
    [sharedWithCustomer(), "shared"],
    [sharedWithProject(), "shared"],
  ];
  for (const [sharedWith, visibility] of cases) {
    const { conversationId } = await createConversation(api.owner, { sharedWith });
    const conv = await getConversation(api.owner, conversationId);
    assert.deepEqual(conv.sharedWith, sharedWith);
    assert.equal(conv.visibility, visibility, `visibility when shared with ${sharedWith.aggregate}`);
  }
});

test("an employee opens a conversation for a customer user (mainUserId)", async () => {
  const { conversationId } = await createConversation(api.employee, {
    mainUserId: users.member.userId,
    sharedWith: sharedWithUser(users.member.userId),
    messageContent: "We noticed something on your account.",
  });
  const conv = await getConversation(api.member, conversationId);
  assert.equal(conv.mainUser.userId, users.member.userId);
  assert.equal(conv.createdBy?.userId, users.employee.userId);
  assert.equal(conv.visibility, "private");
});

test("relatedTo and notificationRoles are stored on create", async () => {
  const relatedTo = { domain: "project", aggregate: "project", id: demoProject.projectId };
  const { conversationId } = await createConversation(api.owner, {
    category: "project",
    relatedTo,
    sharedWith: sharedWithProject(),
    notificationRoles: ["project_owner", "customer_owner"],
  });
  const conv = await getConversation(api.owner, conversationId);
  assert.deepEqual(conv.relatedTo, relatedTo);
  assert.equal(conv.category?.name, "project");
  assert.deepEqual([...(conv.notificationRoles ?? [])].sort(), ["customer_owner", "project_owner"]);
});

test("getConversation accepts the shortId (Parley extension, used by mittwald's CLI)", async () => {
  const { conversationId } = await createConversation(api.owner);
  const conv = await getConversation(api.owner, conversationId);
  const byShort = await getConversation(api.owner, conv.shortId);
  assert.equal(byShort.conversationId, conversationId);
});

test("getConversation with an unknown uuid is 404", async () => {
  const res = await api.owner.conversation.getConversation({ conversationId: randomId() });
  assertError(res, 404, "conversation-get-conversation");
});

test("getConversation with a malformed id is a 400 ValidationError", async () => {
  const res = await api.owner.conversation.getConversation({ conversationId: "this is not an id" });
  assertError(res, 400, "conversation-get-conversation");
});

test("createConversation with a wrongly typed body is a 400 ValidationError naming the field", async () => {
  const general = await categoryByName("general");
  const res = await api.owner.conversation.createConversation({
    data: { title: 42, categoryId: general.categoryId },
  });
  const body = assertError(res, 400, "conversation-create-conversation");
  assert.ok(
    body.validationErrors.some((e) => e.path.includes("title")),
    `a validation error should point at title: ${JSON.stringify(body.validationErrors)}`,
  );
});

test("createConversation rejects a malformed mainUserId, sharedWith and over-long messageContent", async () => {
  const general = await categoryByName("general");
  const bodies = [
    { title: "x", categoryId: general.categoryId, mainUserId: "nope" },
    { title: "x", categoryId: general.categoryId, sharedWith: { domain: "planet", aggregate: "planet", id: "earth" } },
    { title: "x", categoryId: general.categoryId, messageContent: "a".repeat(8001) },
    { title: "x", categoryId: general.categoryId, notificationRoles: ["nobody"] },
  ];
  for (const data of bodies) {
    const res = await api.owner.conversation.createConversation({ data });
    assertError(res, 400, "conversation-create-conversation");
  }
});

test("createConversation in an unknown category is rejected", async () => {
  const res = await api.owner.conversation.createConversation({ data: { title: "x", categoryId: randomId() } });
  assertError(res, [400, 404], "conversation-create-conversation");
});

test("no token or an unknown token is 401", async () => {
  const { sdkClient } = await import("./lib/harness.mjs");
  const bogus = sdkClient("not-a-real-token");
  for (const client of [api.anonymous, bogus]) {
    const list = await client.conversation.listConversations();
    assertError(list, 401, "conversation-list-conversations");
    const create = await client.conversation.createConversation({ data: { title: "x" } });
    assertError(create, 401, "conversation-create-conversation");
    const get = await client.conversation.getConversation({ conversationId: randomId() });
    assertError(get, 401, "conversation-get-conversation");
  }
});

test("updateConversation changes title, category and relatedTo", async () => {
  const { conversationId } = await createConversation(api.owner, { sharedWith: sharedWithCustomer() });
  const before = await getConversation(api.owner, conversationId);

  const title = `Renamed ${tag()}`;
  let res = await api.owner.conversation.updateConversation({ conversationId, data: { title } });
  assertStatus(res, 200);
  assertConforms(res, "conversation-update-conversation");
  assert.equal(res.data.conversationId, conversationId);
  assert.ok(header(res, "etag"), "updateConversation answers an ETag header");
  let conv = await getConversation(api.owner, conversationId);
  assert.equal(conv.title, title);
  assert.deepEqual(conv.category, before.category, "category is unchanged when not sent");
  assert.equal(conv.shortId, before.shortId);

  const billing = await categoryByName("billing");
  const relatedTo = { domain: "customer", aggregate: "customer", id: demoCustomer.customerId };
  res = await api.owner.conversation.updateConversation({
    conversationId,
    data: { categoryId: billing.categoryId, relatedTo },
  });
  assertStatus(res, 200);
  conv = await getConversation(api.owner, conversationId);
  assert.deepEqual(conv.category, billing);
  assert.deepEqual(conv.relatedTo, relatedTo);
  assert.equal(conv.title, title, "title is unchanged when not sent");

  // a member of the customer sees the change too
  const asMember = await getConversation(api.member, conversationId);
  assert.equal(asMember.title, title);
});

test("updateConversation errors: malformed body 400, unknown and hidden conversation 404", async () => {
  const { conversationId } = await createConversation(api.owner, { sharedWith: sharedWithCustomer() });

  let res = await api.owner.conversation.updateConversation({ conversationId, data: { categoryId: "billing" } });
  assertError(res, 400, "conversation-update-conversation");
  res = await api.owner.conversation.updateConversation({ conversationId, data: { title: ["a"] } });
  assertError(res, 400, "conversation-update-conversation");
  res = await api.owner.conversation.updateConversation({ conversationId, data: { categoryId: randomId() } });
  assertError(res, [400, 404], "conversation-update-conversation");

  res = await api.owner.conversation.updateConversation({ conversationId: randomId(), data: { title: "x" } });
  assertError(res, 404, "conversation-update-conversation");
  res = await api.outsider.conversation.updateConversation({ conversationId, data: { title: "hijacked" } });
  assertError(res, 404, "conversation-update-conversation");

  const conv = await getConversation(api.owner, conversationId);
  assert.notEqual(conv.title, "hijacked");
});

test("a body that is not JSON, or not an object, is a 400 ValidationError", async () => {
  const general = await categoryByName("general");
  const raw = api.owner.axios;
  const send = (data) =>
    raw.post("v2/conversations", data, {
      headers: { "content-type": "application/json" },
      transformRequest: [(d) => d],
      validateStatus: () => true,
    });
  for (const body of ['{"title": "x", "categoryId": ', `["${general.categoryId}"]`, '"just a string"']) {
    const res = await send(body);
    assertError(res, 400, "conversation-create-conversation");
  }
});
