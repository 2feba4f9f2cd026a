// Who sees a conversation (creator, main user, members of what it is shared with, employees;
// everyone else gets 404), getConversationMembers and getConversationPreferencesOfCustomer.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  api,
  users,
  demoCustomer,
  outsiderCustomer,
  randomId,
  assertStatus,
  assertConforms,
  assertError,
  createConversation,
  getConversation,
  timeline,
  postMessage,
  listAll,
  sharedWithCustomer,
  sharedWithProject,
  sharedWithUser,
} from "./lib/harness.mjs";

async function canSee(client, conversationId) {
  const res = await client.conversation.getConversation({ conversationId });
  if (res.status === 200) {
    assertConforms(res, "conversation-get-conversation");
    return true;
  }
  assertError(res, 404, "conversation-get-conversation");
  return false;
}

async function listedFor(client, conversationId) {
  const res = await listAll(client);
  return res.data.some((c) => c.conversationId === conversationId);
}

const ROLES = ["owner", "member", "projectMember", "outsider", "employee"];

async function assertAudience(conversationId, expected) {
  for (const role of ROLES) {
    if (!(role in expected)) continue;
    assert.equal(await canSee(api[role], conversationId), expected[role], `${role} ${expected[role] ? "sees" : "must not see"} the conversation (get)`);
    assert.equal(await listedFor(api[role], conversationId), expected[role], `${role} ${expected[role] ? "lists" : "must not list"} the conversation`);
  }
}

test("shared with the customer: its members and employees see it; project member and outsider get 404", async () => {
  const { conversationId } = await createConversation(api.owner, { sharedWith: sharedWithCustomer() });
  await assertAudience(conversationId, { owner: true, member: true, employee: true, projectMember: false, outsider: false });
});

test("shared with a project: its members and employees see it; outsider gets 404", async () => {
  const { conversationId } = await createConversation(api.owner, { sharedWith: sharedWithProject() });
  await assertAudience(conversationId, { owner: true, projectMember: true, employee: true, outsider: false });
  // anyone who sees it may set open | answered | closed
  const res = await api.projectMember.conversation.setConversationStatus({ conversationId, data: { status: "closed" } });
  assertStatus(res, 200);
  assert.equal((await getConversation(api.owner, conversationId)).status, "closed");
});

test("shared with a single user: only that user, the creator and employees", async () => {
  const { conversationId } = await createConversation(api.owner, { sharedWith: sharedWithUser(users.owner.userId) });
  await assertAudience(conversationId, { owner: true, employee: true, member: false, projectMember: false, outsider: false });
});

test("the main user sees a conversation an employee opened for them", async () => {
  const { conversationId } = await createConversation(api.employee, {
    mainUserId: users.projectMember.userId,
    sharedWith: sharedWithUser(users.projectMember.userId),
  });
  await assertAudience(conversationId, { projectMember: true, employee: true, owner: false, outsider: false });
});

test("the outsider's own conversation is hidden from Demo GmbH's users", async () => {
  const { conversationId } = await createConversation(api.outsider, {
    sharedWith: sharedWithCustomer(outsiderCustomer.customerId),
  });
  await assertAudience(conversationId, { outsider: true, employee: true, owner: false, member: false, projectMember: false });
});

test("a hidden conversation is 404 on every conversation operation and stays untouched", async () => {
  const { conversationId } = await createConversation(api.owner, {
    sharedWith: sharedWithCustomer(),
    messageContent: "internal matters",
  });
  const messageId = (await timeline(api.owner, conversationId)).find((e) => e.type === "MESSAGE").messageId;
  const c = api.outsider.conversation;
  const attempts = [
    ["conversation-get-conversation", () => c.getConversation({ conversationId })],
    ["conversation-list-messages-by-conversation", () => c.listMessagesByConversation({ conversationId })],
    ["conversation-get-conversation-members", () => c.getConversationMembers({ conversationId })],
    ["conversation-create-message", () => c.createMessage({ conversationId, data: { messageContent: "hi" } })],
    ["conversation-set-conversation-status", () => c.setConversationStatus({ conversationId, data: { status: "closed" } })],
    ["conversation-update-conversation", () => c.updateConversation({ conversationId, data: { title: "mine now" } })],
    ["conversation-update-message", () => c.updateMessage({ conversationId, messageId, data: { messageContent: "x" } })],
    ["conversation-request-file-upload", () => c.requestFileUpload({ conversationId, data: {} })],
    ["conversation-get-file-access-token", () => c.getFileAccessToken({ conversationId, fileId: randomId() })],
  ];
  for (const [operationId, call] of attempts) {
    const res = await call();
    assertError(res, 404, operationId);
  }

  const conv = await getConversation(api.owner, conversationId);
  assert.equal(conv.status, "open");
  assert.notEqual(conv.title, "mine now");
  const entries = await timeline(api.owner, conversationId);
  assert.equal(entries.length, 2, "nothing was added by the outsider");
  assert.equal(entries[1].messageContent, "internal matters");
});

test("getConversationMembers lists the people of the conversation", async () => {
  const { conversationId } = await createConversation(api.owner, {
    sharedWith: sharedWithCustomer(),
    messageContent: "hello",
  });
  await postMessage(api.employee, conversationId, "hello back");
  for (const client of [api.owner, api.member, api.employee]) {
    const res = await client.conversation.getConversationMembers({ conversationId });
    assertStatus(res, 200);
    assertConforms(res, "conversation-get-conversation-members");
    const ids = res.data.map((m) => m.userId);
    assert.ok(ids.includes(users.owner.userId), `the creator is a member: ${JSON.stringify(res.data)}`);
    assert.equal(new Set(ids).size, ids.length, "members are listed once");
    for (const m of res.data) assert.equal(typeof m.active, "boolean");
    const owner = res.data.find((m) => m.userId === users.owner.userId);
    assert.equal(owner.clearName, users.owner.clearName);
  }

  const forMain = await createConversation(api.employee, {
    mainUserId: users.member.userId,
    sharedWith: sharedWithUser(users.member.userId),
  });
  const res = await api.member.conversation.getConversationMembers({ conversationId: forMain.conversationId });
  assertStatus(res, 200);
  assert.ok(res.data.some((m) => m.userId === users.member.userId), `the main user is a member: ${JSON.stringify(res.data)}`);
});

test("getConversationMembers errors: unknown 404, hidden 404, malformed 400", async () => {
  const { conversationId } = await createConversation(api.owner, { sharedWith: sharedWithCustomer() });
  let res = await api.owner.conversation.getConversationMembers({ conversationId: randomId() });
  assertError(res, 404, "conversation-get-conversation-members");
  res = await api.projectMember.conversation.getConversationMembers({ conversationId });
  assertError(res, 404, "conversation-get-conversation-members");
  res = await api.owner.conversation.getConversationMembers({ conversationId: "1234" });
  assertError(res, 400, "conversation-get-conversation-members");
});

test("getConversationPreferencesOfCustomer: the customer's members read their customer's preferences", async () => {
  for (const client of [api.owner, api.member]) {
    const res = await client.conversation.getConversationPreferencesOfCustomer({ customerId: demoCustomer.customerId });
    assertStatus(res, 200);
    assertConforms(res, "conversation-get-conversation-preferences-of-customer");
    assert.equal(res.data.customerId, demoCustomer.customerId);
    assert.equal(typeof res.data.preferredUsers, "object");
  }
  const own = await api.outsider.conversation.getConversationPreferencesOfCustomer({ customerId: outsiderCustomer.customerId });
  assertStatus(own, 200);
  assert.equal(own.data.customerId, outsiderCustomer.customerId);
});

test("getConversationPreferencesOfCustomer errors: other customer 403/404, unknown 404, malformed 400", async () => {
  let res = await api.outsider.conversation.getConversationPreferencesOfCustomer({ customerId: demoCustomer.customerId });
  assertError(res, [403, 404], "conversation-get-conversation-preferences-of-customer");
  res = await api.projectMember.conversation.getConversationPreferencesOfCustomer({ customerId: demoCustomer.customerId });
  assertError(res, [403, 404], "conversation-get-conversation-preferences-of-customer");
  res = await api.owner.conversation.getConversationPreferencesOfCustomer({ customerId: randomId() });
  assertError(res, 404, "conversation-get-conversation-preferences-of-customer");
  res = await api.owner.conversation.getConversationPreferencesOfCustomer({ customerId: "demo-gmbh" });
  assertError(res, 400, "conversation-get-conversation-preferences-of-customer");
  res = await api.anonymous.conversation.getConversationPreferencesOfCustomer({ customerId: demoCustomer.customerId });
  assertError(res, 401, "conversation-get-conversation-preferences-of-customer");
});
