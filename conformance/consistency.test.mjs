// Every mutation answers an ETag (an event position); the SDK's event consistency handling sends
// it back as `if-event-reached` on later reads, which must then see the write.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  api,
  users,
  sdkClient,
  tag,
  header,
  assertStatus,
  assertConforms,
  categoryByName,
  sharedWithCustomer,
} from "./lib/harness.mjs";

function recordingClient(token) {
  const client = sdkClient(token);
  const sent = [];
  // request interceptors run last-registered-first, so read what was really sent from the
  // response's config instead
  client.axios.interceptors.response.use((response) => {
    const h = response.config.headers;
    sent.push({
      method: response.config.method.toUpperCase(),
      url: response.config.url,
      ifEventReached: typeof h?.get === "function" ? h.get("if-event-reached") : h?.["if-event-reached"],
    });
    return response;
  });
  return { client, sent };
}

function etagOf(res, what) {
  const etag = header(res, "etag");
  assert.ok(etag && etag.length > 0, `${what} answers an ETag header`);
  return etag;
}

const position = (etag) => {
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(etag);
  return m ? BigInt(m[1]) : null;
};

test("every mutation answers a new ETag and the SDK's next read carries it as if-event-reached", async () => {
  const { client, sent } = recordingClient(users.owner.token);
  const c = client.conversation;
  const etags = [];
  const lastSent = () => sent.at(-1);

  const general = await categoryByName("general");
  const title = `consistency ${tag()}`;
  const created = await c.createConversation({
    data: { title, categoryId: general.categoryId, sharedWith: sharedWithCustomer(), messageContent: "first" },
  });
  assertStatus(created, 201);
  etags.push(etagOf(created, "createConversation"));
  const conversationId = created.data.conversationId;

  let read = await c.getConversation({ conversationId });
  assertStatus(read, 200);
  assert.equal(lastSent().ifEventReached, etags.at(-1), "getConversation after createConversation sends if-event-reached");
  assert.equal(read.data.title, title);

  const msg = await c.createMessage({ conversationId, data: { messageContent: "second" } });
  assertStatus(msg, 201);
  etags.push(etagOf(msg, "createMessage"));
  let list = await c.listMessagesByConversation({ conversationId });
  assertStatus(list, 200);
  assert.equal(lastSent().ifEventReached, etags.at(-1));
  assert.ok(list.data.some((e) => e.messageId === msg.data.messageId), "the read sees the new message");

  const edit = await c.updateMessage({ conversationId, messageId: msg.data.messageId, data: { messageContent: "second, edited" } });
  assertStatus(edit, 200);
  etags.push(etagOf(edit, "updateMessage"));
  list = await c.listMessagesByConversation({ conversationId });
  assert.equal(lastSent().ifEventReached, etags.at(-1));
  assert.equal(list.data.find((e) => e.messageId === msg.data.messageId).messageContent, "second, edited");

  const upd = await c.updateConversation({ conversationId, data: { title: `${title} renamed` } });
  assertStatus(upd, 200);
  etags.push(etagOf(upd, "updateConversation"));
  read = await c.getConversation({ conversationId });
  assert.equal(lastSent().ifEventReached, etags.at(-1));
  assert.equal(read.data.title, `${title} renamed`);

  const st = await c.setConversationStatus({ conversationId, data: { status: "closed" } });
  assertStatus(st, 200);
  etags.push(etagOf(st, "setConversationStatus"));
  const listed = await c.listConversations({ queryParameters: { limit: 1000 } });
  assertStatus(listed, 200);
  assert.equal(lastSent().ifEventReached, etags.at(-1));
  assert.equal(listed.data.find((x) => x.conversationId === conversationId)?.status, "closed");

  assert.equal(new Set(etags).size, etags.length, `each mutation has its own ETag: ${etags}`);
  // Parley's ETag is the event position in quotes: each must be one, and they must grow
  const positions = etags.map(position);
  positions.forEach((p, i) => assert.notEqual(p, null, `ETag ${etags[i]} is an event position ("<digits>")`));
  for (let i = 1; i < positions.length; i++) {
    assert.ok(positions[i] > positions[i - 1], `event positions grow: ${etags}`);
  }
});

test("another user's read with if-event-reached of a write sees that write", async () => {
  const general = await categoryByName("general");
  const created = await api.owner.conversation.createConversation({
    data: { title: `cross ${tag()}`, categoryId: general.categoryId, sharedWith: sharedWithCustomer() },
  });
  assertStatus(created, 201);
  const { conversationId } = created.data;
  const msg = await api.owner.conversation.createMessage({ conversationId, data: { messageContent: "for the team" } });
  assertStatus(msg, 201);
  const etag = etagOf(msg, "createMessage");

  const res = await api.member.conversation.listMessagesByConversation({
    conversationId,
    headers: { "if-event-reached": etag },
  });
  assertStatus(res, 200);
  assertConforms(res, "conversation-list-messages-by-conversation");
  assert.ok(res.data.some((e) => e.messageId === msg.data.messageId));
});

test("mutations that carry if-event-reached (as mittwald's CLI sends it) are accepted", async () => {
  const general = await categoryByName("general");
  const created = await api.owner.conversation.createConversation({
    data: { title: `cli-style ${tag()}`, categoryId: general.categoryId },
  });
  assertStatus(created, 201);
  const etag = etagOf(created, "createConversation");
  const res = await api.owner.conversation.createMessage({
    conversationId: created.data.conversationId,
    data: { messageContent: "after the event" },
    headers: { "if-event-reached": etag },
  });
  assertStatus(res, 201);
});
