// requestFileUpload and getFileAccessToken. Files may not be implemented yet: a scenario whose
// server answers 501 Not Implemented is skipped with a message saying so, and runs fully
// otherwise (upload token -> POST /v2/files -> message with fileIds -> access token -> bytes).
import { test } from "node:test";
import assert from "node:assert/strict";
import { deflateSync } from "node:zlib";
import {
  api,
  randomId,
  header,
  assertStatus,
  assertConforms,
  assertError,
  skippedAs501,
  createConversation,
  timeline,
  sharedWithCustomer,
  sdkClient,
} from "./lib/harness.mjs";

// --- a tiny PNG encoder, so an image of any size the rules ask for can be uploaded ----------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(width, height) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bit, RGB
  const row = Buffer.alloc(1 + width * 3, 0x7f);
  row[0] = 0;
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 72 72]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
  "latin1",
);

/** Picks a file the upload rules allow. */
function sampleFile(rules) {
  const types = rules.mimeTypes ?? [];
  if (types.includes("image/png")) {
    const min = rules.properties?.imageDimensions?.min ?? {};
    const max = rules.properties?.imageDimensions?.max ?? {};
    const w = Math.min(Math.max(min.width ?? 0, 32), max.width ?? Infinity);
    const h = Math.min(Math.max(min.height ?? 0, 32), max.height ?? Infinity);
    return { name: "screenshot.png", type: "image/png", bytes: png(w, h) };
  }
  if (types.includes("application/pdf")) return { name: "invoice.pdf", type: "application/pdf", bytes: PDF };
  if (types.includes("text/plain")) return { name: "notes.txt", type: "text/plain", bytes: Buffer.from("conformance notes\n") };
  return null;
}

async function requestUpload(t, client, conversationId) {
  const res = await client.conversation.requestFileUpload({ conversationId, data: {} });
  if (skippedAs501(t, res, "requestFileUpload")) return null;
  assertStatus(res, 201);
  assertConforms(res, "conversation-request-file-upload");
  return res;
}

test("requestFileUpload issues an upload token with rules", async (t) => {
  const { conversationId } = await createConversation(api.owner, { sharedWith: sharedWithCustomer() });
  const res = await requestUpload(t, api.owner, conversationId);
  if (!res) return;
  assert.equal(res.data.conversationId, conversationId);
  assert.equal(typeof res.data.uploadToken, "string");
  assert.ok(res.data.uploadToken.length > 0);
  assert.ok(Array.isArray(res.data.rules.mimeTypes) && res.data.rules.mimeTypes.length > 0, "rules name MIME types");
  assert.ok(Number.isInteger(res.data.rules.maxSizeInKB) && res.data.rules.maxSizeInKB > 0, "rules name a size limit");

  // a member of the customer may attach files too; every token is new
  const again = await requestUpload(t, api.member, conversationId);
  if (!again) return;
  assert.notEqual(again.data.uploadToken, res.data.uploadToken);
});

test("requestFileUpload errors: malformed id 400, unknown and hidden conversation 404", async (t) => {
  const { conversationId } = await createConversation(api.owner);
  const bad = await api.owner.conversation.requestFileUpload({ conversationId: "not-a-uuid", data: {} });
  if (skippedAs501(t, bad, "requestFileUpload")) return;
  assertError(bad, 400, "conversation-request-file-upload");
  const unknown = await api.owner.conversation.requestFileUpload({ conversationId: randomId(), data: {} });
  if (skippedAs501(t, unknown, "requestFileUpload")) return;
  assertError(unknown, 404, "conversation-request-file-upload");
  const hidden = await api.outsider.conversation.requestFileUpload({ conversationId, data: {} });
  if (skippedAs501(t, hidden, "requestFileUpload")) return;
  assertError(hidden, 404, "conversation-request-file-upload");
});

test("upload, attach to a message, getFileAccessToken, download with the token", async (t) => {
  const { conversationId } = await createConversation(api.owner, { sharedWith: sharedWithCustomer() });
  const upload = await requestUpload(t, api.owner, conversationId);
  if (!upload) return;
  const file = sampleFile(upload.data.rules);
  if (!file) {
    t.skip(`no sample file for the allowed MIME types ${upload.data.rules.mimeTypes}`);
    return;
  }

  const form = new FormData();
  form.append("file", new Blob([file.bytes], { type: file.type }), file.name);
  const created = await api.owner.file.createFile({ headers: { Token: upload.data.uploadToken }, data: form });
  if (skippedAs501(t, created, "POST /v2/files")) return;
  assertStatus(created, 201);
  assertConforms(created, "file-create-file");
  const fileId = created.data.id;
  assert.equal(created.data.name, file.name);
  assert.equal(created.data.mimeType, file.type);
  assert.equal(created.data.sizeInBytes, file.bytes.length);

  const msg = await api.owner.conversation.createMessage({
    conversationId,
    data: { messageContent: "see attachment", fileIds: [fileId] },
  });
  assertStatus(msg, 201);
  const entry = (await timeline(api.member, conversationId)).find((e) => e.messageId === msg.data.messageId);
  assert.deepEqual(
    entry.files?.map((f) => [f.id, f.status, f.name, f.type]),
    [[fileId, "uploaded", file.name, file.type]],
    `the message lists its file: ${JSON.stringify(entry)}`,
  );

  for (const client of [api.owner, api.member, api.employee]) {
    const res = await client.conversation.getFileAccessToken({ conversationId, fileId });
    if (skippedAs501(t, res, "getFileAccessToken")) return;
    assertStatus(res, 200);
    assertConforms(res, "conversation-get-file-access-token");
    assert.ok(res.data.accessToken.length > 0);
    assert.ok(Date.parse(res.data.expiresAt) > Date.now(), `expiresAt ${res.data.expiresAt} lies ahead`);
  }

  // the access token alone opens the file
  const token = (await api.member.conversation.getFileAccessToken({ conversationId, fileId })).data.accessToken;
  const anonymous = sdkClient(undefined);
  const download = await anonymous.axios.get(`v2/files/${fileId}`, {
    params: { token },
    responseType: "arraybuffer",
    validateStatus: () => true,
  });
  assert.equal(download.status, 200, `GET /v2/files/{id}?token=… answers 200, got ${download.status}`);
  assert.ok(Buffer.from(download.data).equals(file.bytes), "the downloaded bytes are the uploaded ones");
  assert.match(header(download, "content-type") ?? "", new RegExp(file.type.replace("/", "\\/")));

  // errors: hidden conversation, unknown file, file of another conversation, malformed ids
  let res = await api.outsider.conversation.getFileAccessToken({ conversationId, fileId });
  assertError(res, 404, "conversation-get-file-access-token");
  res = await api.owner.conversation.getFileAccessToken({ conversationId, fileId: randomId() });
  assertError(res, 404, "conversation-get-file-access-token");
  const other = await createConversation(api.owner, { sharedWith: sharedWithCustomer() });
  res = await api.owner.conversation.getFileAccessToken({ conversationId: other.conversationId, fileId });
  assertError(res, 404, "conversation-get-file-access-token");
  res = await api.owner.conversation.getFileAccessToken({ conversationId, fileId: "not-a-uuid" });
  assertError(res, 400, "conversation-get-file-access-token");
});

test("getFileAccessToken errors without any upload: unknown file 404, malformed ids 400", async (t) => {
  const { conversationId } = await createConversation(api.owner);
  const cases = [
    ["unknown file in a visible conversation", 404, { conversationId, fileId: randomId() }],
    ["malformed conversation id", 400, { conversationId: "nope", fileId: randomId() }],
    ["malformed file id", 400, { conversationId, fileId: "not-a-uuid" }],
    ["unknown conversation", 404, { conversationId: randomId(), fileId: randomId() }],
  ];
  const notImplemented = [];
  for (const [what, status, params] of cases) {
    const res = await api.owner.conversation.getFileAccessToken(params);
    if (res.status === 501) {
      notImplemented.push(what);
      t.diagnostic(`${what}: 501 Not Implemented`);
      continue;
    }
    assertError(res, status, "conversation-get-file-access-token");
  }
  if (notImplemented.length === cases.length) {
    t.skip("getFileAccessToken: server answered 501 Not Implemented (files not implemented yet)");
  }
});
