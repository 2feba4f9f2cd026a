// The timeline (listMessagesByConversation), createMessage, updateMessage and the status
// workflow (setConversationStatus and status changes caused by messages).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  api,
  users,
  tag,
  randomId,
  header,
  assertStatus,
  assertConforms,
  assertError,
  createConversation,
  getConversation,
  timeline,
  postMessage,
  setStatus,
  statusUpdates,
  sharedWithCustomer,
  sameInstant,
} from "./lib/harness.mjs";

function assertChronological(entries) {
  for (let i = 1; i < entries.length; i++) {
    assert.ok(
      Date.parse(entries[i - 1].createdAt) <= Date.parse(entries[i].createdAt),
      `timeline is in chronological order at ${i}: ${entries[i - 1].createdAt} > ${entries[i].createdAt}`,
    );
  }
}

test("a new conversation is open and its timeline starts with CONVERSATION_CREATED", async () => {
  const { conversationId } = await createConversation(api.owner);
  const conv = await getConversation(api.owner, conversationId);
  assert.equal(conv.status, "open");
  const entries = await timeline(api.owner, conversationId);
  assert.equal(entries.length, 1, `only the creation entry: ${JSON.stringify(entries)}`);
  assert.equal(entries[0].type, "STATUS_UPDATE");
  assert.equal(entries[0].messageContent, "CONVERSATION_CREATED");
  assert.equal(entries[0].conversationId, conversationId);
});

test("createMessage appends a MESSAGE that lastMessage* follow", async () => {
  const { conversationId } = await createConversation(api.owner, { sharedWith: sharedWithCustomer() });
  const first = `first ${tag()}`;
  const second = `second ${tag()}`;
  const res = await api.owner.conversation.createMessage({ conversationId, data: { messageContent: first } });
  assertStatus(res, 201);
  assertConforms(res, "conversation-create-message");
  assert.equal(res.data.conversationId, conversationId);
  assert.ok(header(res, "etag"), "createMessage answers an ETag header");
  const firstId = res.data.messageId;

  const secondId = await postMessage(api.member, conversationId, second);
  assert.notEqual(firstId, secondId);

  const entries = await timeline(api.owner, conversationId);
  assertChronological(entries);
  assert.equal(entries[0].messageContent, "CONVERSATION_CREATED");
  const messages = entries.filter((e) => e.type === "MESSAGE");
  assert.deepEqual(
    messages.map((m) => [m.messageId, m.messageContent, m.createdBy?.userId]),
    [
      [firstId, first, users.owner.userId],
      [secondId, second, users.member.userId],
    ],
  );
  assert.equal(messages[1].createdBy?.clearName, users.member.clearName);

  const conv = await getConversation(api.owner, conversationId);
  assert.equal(conv.lastMessage?.createdBy?.userId, users.member.userId);
  assert.equal(conv.lastMessageBy?.userId, users.member.userId);
  sameInstant(conv.lastMessageAt, messages[1].createdAt, "lastMessageAt follows the newest MESSAGE");
  sameInstant(conv.lastMessage?.createdAt, messages[1].createdAt, "lastMessage.createdAt follows the newest MESSAGE");

  // a status change is not a message: lastMessage* stay
  await setStatus(api.owner, conversationId, "closed");
  const after = await getConversation(api.owner, conversationId);
  assert.equal(after.lastMessageBy?.userId, users.member.userId);
  sameInstant(after.lastMessageAt, messages[1].createdAt, "a STATUS_UPDATE does not move lastMessageAt");
});

test("status workflow: employee answers, customer reopens, anyone who sees it closes", async () => {
  const { conversationId } = await createConversation(api.owner, {
    sharedWith: sharedWithCustomer(),
    messageContent: "Help, my site is down.",
  });

  // employee message -> answered
  await postMessage(api.employee, conversationId, "We are looking into it.");
  let conv = await getConversation(api.owner, conversationId);
  assert.equal(conv.status, "answered", "an employee's message sets 'answered'");
  assert.equal(conv.lastMessageBy?.userId, users.employee.userId);
  let entries = await timeline(api.owner, conversationId);
  let last = entries.filter((e) => e.type === "STATUS_UPDATE").at(-1);
  assert.equal(last.messageContent, "STATUS_ANSWERED");

  // customer message on answered -> open
  await postMessage(api.owner, conversationId, "Still down.");
  conv = await getConversation(api.owner, conversationId);
  assert.equal(conv.status, "open", "a customer's message reopens an answered conversation");

  // customer member closes
  await setStatus(api.member, conversationId, "closed");
  conv = await getConversation(api.owner, conversationId);
  assert.equal(conv.status, "closed");
  entries = await timeline(api.owner, conversationId);
  last = entries.at(-1);
  assert.equal(last.type, "STATUS_UPDATE");
  assert.equal(last.messageContent, "STATUS_CLOSED");
  assert.equal(last.meta?.user?.userId, users.member.userId, "STATUS_CLOSED names who closed it in meta.user");

  // customer message on closed -> open
  await postMessage(api.owner, conversationId, "It broke again.");
  conv = await getConversation(api.owner, conversationId);
  assert.equal(conv.status, "open", "a customer's message reopens a closed conversation");

  // explicit status changes by employee and customer
  await setStatus(api.employee, conversationId, "answered");
  assert.equal((await getConversation(api.owner, conversationId)).status, "answered");
  await setStatus(api.owner, conversationId, "open");
  assert.equal((await getConversation(api.owner, conversationId)).status, "open");

  entries = await timeline(api.employee, conversationId);
  assertChronological(entries);
  assert.deepEqual(statusUpdates(entries), [
    "CONVERSATION_CREATED",
    "STATUS_ANSWERED",
    "STATUS_OPEN",
    "STATUS_CLOSED",
    "STATUS_OPEN",
    "STATUS_ANSWERED",
    "STATUS_OPEN",
  ]);
  const changes = entries.filter((e) => e.type === "STATUS_UPDATE" && e.messageContent !== "CONVERSATION_CREATED");
  for (const e of changes) {
    assert.ok(e.meta?.user?.userId, `every status change names its user in meta.user: ${JSON.stringify(e)}`);
  }
  assert.deepEqual(
    changes.map((e) => e.meta.user.userId),
    [users.employee.userId, users.owner.userId, users.member.userId, users.owner.userId, users.employee.userId, users.owner.userId],
  );
  assert.equal(entries.filter((e) => e.type === "MESSAGE").length, 4);
});

test("setConversationStatus errors: bad status 400, unknown and hidden conversation 404", async () => {
  const { conversationId } = await createConversation(api.owner);
  let res = await api.owner.conversation.setConversationStatus({ conversationId, data: { status: "exploded" } });
  assertError(res, 400, "conversation-set-conversation-status");
  res = await api.owner.conversation.setConversationStatus({ conversationId, data: {} });
  assertError(res, 400, "conversation-set-conversation-status");
  res = await api.owner.conversation.setConversationStatus({ conversationId: randomId(), data: { status: "closed" } });
  assertError(res, 404, "conversation-set-conversation-status");
  res = await api.outsider.conversation.setConversationStatus({ conversationId, data: { status: "closed" } });
  assertError(res, 404, "conversation-set-conversation-status");
  res = await api.owner.conversation.setConversationStatus({ conversationId: "not-a-uuid", data: { status: "closed" } });
  assertError(res, 400, "conversation-set-conversation-status");

  // staff-only statuses are not for customers (outside the contract's enum, or forbidden)
  res = await api.owner.conversation.setConversationStatus({ conversationId, data: { status: "inProgress" } });
  assertError(res, [400, 403], "conversation-set-conversation-status");

  const conv = await getConversation(api.owner, conversationId);
  assert.equal(conv.status, "open", "failed status changes change nothing");
  assert.deepEqual(statusUpdates(await timeline(api.owner, conversationId)), ["CONVERSATION_CREATED"]);
});

test("createMessage errors: too long 400, unknown and hidden conversation 404, malformed id 400", async () => {
  const { conversationId } = await createConversation(api.owner);
  let res = await api.owner.conversation.createMessage({ conversationId, data: { messageContent: "x".repeat(8001) } });
  assertError(res, 400, "conversation-create-message");
  res = await api.owner.conversation.createMessage({ conversationId, data: { messageContent: 17 } });
  assertError(res, 400, "conversation-create-message");
  res = await api.owner.conversation.createMessage({ conversationId: randomId(), data: { messageContent: "hi" } });
  assertError(res, 404, "conversation-create-message");
  res = await api.outsider.conversation.createMessage({ conversationId, data: { messageContent: "hi" } });
  assertError(res, 404, "conversation-create-message");
  res = await api.owner.conversation.createMessage({ conversationId: "zzz", data: { messageContent: "hi" } });
  assertError(res, 400, "conversation-create-message");

  // 8000 characters is still fine
  await postMessage(api.owner, conversationId, "y".repeat(8000));
  const messages = (await timeline(api.owner, conversationId)).filter((e) => e.type === "MESSAGE");
  assert.equal(messages.length, 1);
  assert.equal(messages[0].messageContent.length, 8000);
});

test("listMessagesByConversation errors: unknown 404, hidden 404, malformed id 400", async () => {
  const { conversationId } = await createConversation(api.owner, { messageContent: "secret" });
  let res = await api.owner.conversation.listMessagesByConversation({ conversationId: randomId() });
  assertError(res, 404, "conversation-list-messages-by-conversation");
  res = await api.outsider.conversation.listMessagesByConversation({ conversationId });
  assertError(res, 404, "conversation-list-messages-by-conversation");
  res = await api.owner.conversation.listMessagesByConversation({ conversationId: "not-a-uuid" });
  assertError(res, 400, "conversation-list-messages-by-conversation");
});

test("updateMessage edits one's own message", async () => {
  const { conversationId } = await createConversation(api.owner, { sharedWith: sharedWithCustomer() });
  const keepId = await postMessage(api.owner, conversationId, "keep me");
  const messageId = await postMessage(api.owner, conversationId, "tpyo");
  const res = await api.owner.conversation.updateMessage({
    conversationId,
    messageId,
    data: { messageContent: "typo fixed" },
  });
  assertStatus(res, 200);
  assertConforms(res, "conversation-update-message");
  assert.equal(res.data.messageId, messageId);
  assert.ok(header(res, "etag"), "updateMessage answers an ETag header");

  const messages = (await timeline(api.member, conversationId)).filter((e) => e.type === "MESSAGE");
  const byId = Object.fromEntries(messages.map((m) => [m.messageId, m]));
  assert.equal(byId[messageId].messageContent, "typo fixed");
  assert.equal(byId[keepId].messageContent, "keep me");
  assert.equal(messages.length, 2, "editing does not add a message");
});

test("updateMessage errors: someone else's message 403, hidden 404, unknown message 404, malformed 400", async () => {
  const { conversationId } = await createConversation(api.owner, { sharedWith: sharedWithCustomer() });
  const messageId = await postMessage(api.owner, conversationId, "the owner's words");

  // the member can see the conversation, but may not edit the owner's message
  let res = await api.member.conversation.updateMessage({ conversationId, messageId, data: { messageContent: "forged" } });
  assertError(res, 403, "conversation-update-message");
  res = await api.outsider.conversation.updateMessage({ conversationId, messageId, data: { messageContent: "forged" } });
  assertError(res, 404, "conversation-update-message");
  res = await api.owner.conversation.updateMessage({ conversationId, messageId: randomId(), data: { messageContent: "x" } });
  assertError(res, 404, "conversation-update-message");
  res = await api.owner.conversation.updateMessage({ conversationId: randomId(), messageId, data: { messageContent: "x" } });
  assertError(res, 404, "conversation-update-message");
  res = await api.owner.conversation.updateMessage({ conversationId, messageId: "nope", data: { messageContent: "x" } });
  assertError(res, 400, "conversation-update-message");
  res = await api.owner.conversation.updateMessage({ conversationId, messageId, data: { messageContent: { a: 1 } } });
  assertError(res, 400, "conversation-update-message");

  const messages = (await timeline(api.owner, conversationId)).filter((e) => e.type === "MESSAGE");
  assert.equal(messages[0].messageContent, "the owner's words", "failed edits change nothing");
});

test("staff notes (internal: true) are shown to staff only, also in search", async () => {
  const { conversationId } = await createConversation(api.owner, {
    sharedWith: sharedWithCustomer(),
    messageContent: "Please check my invoice.",
  });
  const secret = tag("note");
  const res = await api.employee.conversation.createMessage({
    conversationId,
    data: { messageContent: `customer is grumpy ${secret}`, internal: true },
  });
  // Parley's extension: a refusal (400 or anything else) fails the scenario
  assertStatus(res, 201);
  assertConforms(res, "conversation-create-message");
  const noteId = res.data.messageId;

  const staffView = (await timeline(api.employee, conversationId)).find((e) => e.messageId === noteId);
  assert.ok(staffView, "staff see the note");
  assert.equal(staffView.internal, true);

  for (const [role, client] of [["owner", api.owner], ["member", api.member]]) {
    const entries = await timeline(client, conversationId);
    assert.ok(!entries.some((e) => e.messageId === noteId || String(e.messageContent).includes(secret)), `${role} must not see the note`);
    const conv = await getConversation(client, conversationId);
    assert.equal(conv.lastMessageBy?.userId, users.owner.userId, `${role}: a note is not the last message`);
    const found = await client.conversation.listConversations({ queryParameters: { fullTextSearch: secret } });
    assertStatus(found, 200);
    assert.ok(!found.data.some((c) => c.conversationId === conversationId), `${role} must not find the conversation by the note's text`);
  }
  const staffFound = await api.employee.conversation.listConversations({ queryParameters: { fullTextSearch: secret } });
  assertStatus(staffFound, 200);
  assert.ok(staffFound.data.some((c) => c.conversationId === conversationId), "staff find it by the note's text");

  // a customer cannot edit, nor learn of, the note
  const edit = await api.owner.conversation.updateMessage({ conversationId, messageId: noteId, data: { messageContent: "x" } });
  assertError(edit, 404, "conversation-update-message");
});
