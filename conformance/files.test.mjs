// Attachments, end to end with mittwald's official SDK: requestFileUpload hands out an upload
// token and its rules (getFileUploadTokenRules, getFileUploadTypeRules), file.createFile
// uploads with that token (multipart field `file`, header `Token`), createMessage attaches the
// file with fileIds, the timeline lists it as an UploadedFile, getFileAccessToken gives a token
// that opens it through getFile, getFileWithName and getFileMeta. And the refusals: someone who
// does not see the conversation, an upload token used twice, content that is not what its name
// says.
import { test } from "node:test";
import assert from "node:assert/strict";
import { deflateSync } from "node:zlib";
import http from "node:http";
import {
  api,
  users,
  randomId,
  header,
  assertStatus,
  assertConforms,
  assertError,
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
  const raw = Buffer.concat(
    Array.from({ length: height }, (_, y) => {
      const row = Buffer.alloc(1 + width * 3);
      for (let x = 0; x < width; x++) row.set([(x * 7) & 0xff, (y * 5) & 0xff, ((x ^ y) * 3) & 0xff], 1 + x * 3);
      return row; // filter byte 0
    }),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A PNG within the rules' image dimensions. */
function samplePng(rules) {
  assert.ok(rules.mimeTypes.includes("image/png"), `PNG screenshots are accepted: ${rules.mimeTypes}`);
  const min = rules.properties?.imageDimensions?.min ?? {};
  const max = rules.properties?.imageDimensions?.max ?? {};
  const w = Math.min(Math.max(min.width ?? 0, 40), max.width ?? Infinity);
  const h = Math.min(Math.max(min.height ?? 0, 30), max.height ?? Infinity);
  return { name: "screenshot.png", type: "image/png", bytes: png(w, h) };
}

const sampleLog = () => ({
  name: "server.log",
  type: "text/plain",
  bytes: Buffer.from("2024-05-01T10:00:00Z ERROR php-fpm: pool www exited\n2024-05-01T10:00:01Z INFO restarted\n", "utf8"),
});

/** The multipart body createFile takes: a FormData with the field `file`. */
function formWith(file) {
  const form = new FormData();
  form.append("file", new Blob([file.bytes], { type: file.type }), file.name);
  return form;
}

/**
 * SDK request options that have axios read the response body as bytes: the SDK hands its
 * Request to `onBeforeRequest` before sending, and its `requestConfig` goes to axios as it is.
 */
const asBytes = {
  onBeforeRequest(request) {
    request.requestConfig.responseType = "arraybuffer";
  },
};
const bytesOf = (res) => Buffer.from(res.data);
/** The `message` of an error body read as bytes, or the start of the body. */
function errorMessage(res) {
  const text = bytesOf(res).toString("utf8");
  try {
    return JSON.parse(text).message ?? text.slice(0, 120);
  } catch {
    return text.slice(0, 120);
  }
}

async function requestUpload(client, conversationId) {
  const res = await client.conversation.requestFileUpload({ conversationId, data: {} });
  assertStatus(res, 201);
  assertConforms(res, "conversation-request-file-upload");
  assert.equal(res.data.conversationId, conversationId);
  return res.data;
}

/** requestFileUpload + file.createFile with the upload token; answers the FileMeta. */
async function upload(client, conversationId, file) {
  const { uploadToken } = await requestUpload(client, conversationId);
  const created = await client.file.createFile({ headers: { Token: uploadToken }, data: formWith(file) });
  assertStatus(created, 201);
  assertConforms(created, "file-create-file");
  return { meta: created.data, uploadToken };
}

async function accessToken(client, conversationId, fileId) {
  const res = await client.conversation.getFileAccessToken({ conversationId, fileId });
  assertStatus(res, 200);
  assertConforms(res, "conversation-get-file-access-token");
  assert.equal(typeof res.data.accessToken, "string");
  assert.ok(res.data.accessToken.length > 0, "the access token is not empty");
  assert.ok(Date.parse(res.data.expiresAt) > Date.now(), `expiresAt ${res.data.expiresAt} lies ahead`);
  return res.data.accessToken;
}

// ---------------------------------------------------------------------------------------------

test("requestFileUpload issues a new upload token with rules each time", async () => {
  const { conversationId } = await createConversation(api.owner, { sharedWith: sharedWithCustomer() });
  const first = await requestUpload(api.owner, conversationId);
  assert.equal(typeof first.uploadToken, "string");
  assert.ok(first.uploadToken.length > 0);
  assert.ok(Array.isArray(first.rules.mimeTypes) && first.rules.mimeTypes.length > 0, "rules name MIME types");
  assert.ok(Number.isInteger(first.rules.maxSizeInKB) && first.rules.maxSizeInKB > 0, "rules name a size limit");

  // a member of the customer and staff may attach files too; every token is new
  const member = await requestUpload(api.member, conversationId);
  const employee = await requestUpload(api.employee, conversationId);
  assert.equal(new Set([first.uploadToken, member.uploadToken, employee.uploadToken]).size, 3);
});

test("requestFileUpload errors: malformed id 400, unknown and hidden conversation 404", async () => {
  const { conversationId } = await createConversation(api.owner);
  const bad = await api.owner.conversation.requestFileUpload({ conversationId: "not-a-uuid", data: {} });
  assertError(bad, 400, "conversation-request-file-upload");
  const unknown = await api.owner.conversation.requestFileUpload({ conversationId: randomId(), data: {} });
  assertError(unknown, 404, "conversation-request-file-upload");
  const hidden = await api.outsider.conversation.requestFileUpload({ conversationId, data: {} });
  assertError(hidden, 404, "conversation-request-file-upload");
});

test("getFileUploadTypeRules and getFileUploadTokenRules describe what may be uploaded", async () => {
  // public (the contract has `security: []`)
  const typeRules = await api.anonymous.file.getFileUploadTypeRules({ fileUploadType: "conversation" });
  assertStatus(typeRules, 200);
  assertConforms(typeRules, "file-get-file-upload-type-rules");
  const rules = typeRules.data;
  assert.deepEqual(
    [...rules.mimeTypes].sort(),
    ["application/pdf", "image/gif", "image/jpeg", "image/png", "image/webp", "text/plain"],
    "screenshots, PDFs and text files",
  );
  assert.deepEqual(
    rules.fileTypes.map((t) => t.mimeType),
    rules.mimeTypes,
    "fileTypes name the same MIME types, in the same order",
  );
  assert.deepEqual(rules.fileTypes.flatMap((t) => t.extensions), rules.extensions, "extensions are those of fileTypes");
  for (const ext of [".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf", ".txt", ".log", ".csv", ".json", ".md"]) {
    assert.ok(rules.extensions.includes(ext), `extension ${ext} is accepted: ${rules.extensions}`);
  }
  assert.ok(rules.maxSizeInBytes > 0);
  assert.equal(rules.maxSizeInKB, Math.floor(rules.maxSizeInBytes / 1024), "maxSizeInKB agrees with maxSizeInBytes");
  assert.equal(rules.maxSizeInKb, rules.maxSizeInKB, "maxSizeInKb agrees with maxSizeInKB");
  assert.ok(rules.maxNameLength > 0);

  const { conversationId } = await createConversation(api.owner, { sharedWith: sharedWithCustomer() });
  const issued = await requestUpload(api.owner, conversationId);
  assert.deepEqual([...issued.rules.mimeTypes].sort(), [...rules.mimeTypes].sort(), "the token's rules are the conversation's");
  assert.equal(issued.rules.maxSizeInKB, rules.maxSizeInKB);
  assert.deepEqual(issued.rules.properties?.imageDimensions, rules.properties?.imageDimensions);

  // the rules of a token, asked with the token alone
  const tokenRules = await api.anonymous.file.getFileUploadTokenRules({ fileUploadToken: issued.uploadToken });
  assertStatus(tokenRules, 200);
  assertConforms(tokenRules, "file-get-file-upload-token-rules");
  assert.deepEqual(tokenRules.data, rules, "a conversation upload token has the rules of the type 'conversation'");
  const withApiToken = await api.owner.file.getFileUploadTokenRules({ fileUploadToken: issued.uploadToken });
  assertStatus(withApiToken, 200);
  assert.deepEqual(withApiToken.data, rules);
});

test("getFileUploadTypeRules and getFileUploadTokenRules errors", async () => {
  let res = await api.anonymous.file.getFileUploadTypeRules({ fileUploadType: "avatar" });
  assertError(res, 404, "file-get-file-upload-type-rules");
  res = await api.anonymous.file.getFileUploadTypeRules({ fileUploadType: "no-such-type" });
  assertError(res, 400, "file-get-file-upload-type-rules");

  res = await api.anonymous.file.getFileUploadTokenRules({ fileUploadToken: randomId() });
  assertError(res, 404, "file-get-file-upload-token-rules");
  res = await api.anonymous.file.getFileUploadTokenRules({ fileUploadToken: "not-a-uuid" });
  assertError(res, 400, "file-get-file-upload-token-rules");
});

test("upload, attach to a message, timeline, access token, download: the bytes come back unchanged", async () => {
  const { conversationId } = await createConversation(api.owner, { sharedWith: sharedWithCustomer() });
  const issued = await requestUpload(api.owner, conversationId);
  const image = samplePng(issued.rules);
  const log = sampleLog();

  // createFile: the SDK's multipart upload, the upload token in the Token header
  const created = await api.owner.file.createFile({ headers: { Token: issued.uploadToken }, data: formWith(image) });
  assertStatus(created, 201);
  assertConforms(created, "file-create-file");
  const imageMeta = created.data;
  assert.equal(imageMeta.name, image.name);
  assert.equal(imageMeta.mimeType, image.type);
  assert.equal(imageMeta.type, image.type, "the deprecated 'type' repeats mimeType");
  assert.equal(imageMeta.sizeInBytes, image.bytes.length);
  assert.equal(imageMeta.friendlyUrl, `${imageMeta.id}/${image.name}`);
  assert.equal(imageMeta.friendlyURL, imageMeta.friendlyUrl, "the deprecated 'friendlyURL' repeats friendlyUrl");
  assert.match(imageMeta.shortId, /\S/);

  // a used upload token has no rules any more
  const usedRules = await api.owner.file.getFileUploadTokenRules({ fileUploadToken: issued.uploadToken });
  assertError(usedRules, 404, "file-get-file-upload-token-rules");

  // a second file for the same message
  const { meta: logMeta } = await upload(api.owner, conversationId, log);
  assert.equal(logMeta.mimeType, "text/plain");
  assert.equal(logMeta.sizeInBytes, log.bytes.length);
  assert.notEqual(logMeta.id, imageMeta.id);

  // createMessage with fileIds attaches both
  const msg = await api.owner.conversation.createMessage({
    conversationId,
    data: { messageContent: "screenshot and log attached", fileIds: [imageMeta.id, logMeta.id] },
  });
  assertStatus(msg, 201);
  assertConforms(msg, "conversation-create-message");

  // listMessagesByConversation shows them as UploadedFile, to everyone who sees the conversation
  for (const client of [api.owner, api.member, api.employee]) {
    const entry = (await timeline(client, conversationId)).find((e) => e.messageId === msg.data.messageId);
    assert.ok(entry, "the message is in the timeline");
    assert.deepEqual(
      entry.files,
      [
        { id: imageMeta.id, status: "uploaded", name: image.name, type: image.type },
        { id: logMeta.id, status: "uploaded", name: log.name, type: log.type },
      ],
      `the message lists its files as UploadedFile: ${JSON.stringify(entry)}`,
    );
  }

  // getFileAccessToken: for everyone who sees the conversation
  const tokens = {};
  for (const [who, client] of Object.entries({ owner: api.owner, member: api.member, employee: api.employee })) {
    tokens[who] = await accessToken(client, conversationId, imageMeta.id);
  }
  const token = tokens.member;

  // getFile with the token as query parameter: the very bytes that were uploaded
  let res = await api.member.file.getFile({ fileId: imageMeta.id, queryParameters: { token } }, asBytes);
  assertStatus(res, 200);
  assert.ok(bytesOf(res).equals(image.bytes), "getFile ?token=…: the downloaded bytes are the uploaded ones");
  assert.match(header(res, "content-type") ?? "", /^(image\/png|application\/octet-stream)\b/);

  // ... with the token in the Token header
  res = await api.member.file.getFile({ fileId: imageMeta.id, headers: { Token: token } }, asBytes);
  assertStatus(res, 200);
  assert.ok(bytesOf(res).equals(image.bytes), "getFile with header Token: the downloaded bytes are the uploaded ones");

  // ... with the access token alone: a plain link a browser can open
  const anonymous = sdkClient(undefined);
  res = await anonymous.file.getFile({ fileId: imageMeta.id, queryParameters: { token: tokens.employee } }, asBytes);
  assertStatus(res, 200);
  assert.ok(bytesOf(res).equals(image.bytes), "the access token alone opens the file");

  // getFileWithName (the friendlyUrl)
  const [friendlyId, friendlyName] = imageMeta.friendlyUrl.split("/");
  res = await api.owner.file.getFileWithName(
    { fileId: friendlyId, fileName: friendlyName, queryParameters: { token: tokens.owner } },
    asBytes,
  );
  assertStatus(res, 200);
  assert.ok(bytesOf(res).equals(image.bytes), "getFileWithName: the downloaded bytes are the uploaded ones");
  res = await api.owner.file.getFileWithName(
    { fileId: imageMeta.id, fileName: image.name, headers: { Token: tokens.owner }, queryParameters: { "content-disposition": "attachment" } },
    asBytes,
  );
  assertStatus(res, 200);
  assert.ok(bytesOf(res).equals(image.bytes));
  assert.match(header(res, "content-disposition") ?? "", /^attachment\b/, "content-disposition=attachment is honoured");

  // the text file: through the SDK without any special options, too
  const logToken = await accessToken(api.member, conversationId, logMeta.id);
  res = await api.member.file.getFile({ fileId: logMeta.id, queryParameters: { token: logToken } }, asBytes);
  assertStatus(res, 200);
  assert.ok(bytesOf(res).equals(log.bytes), "the log file comes back unchanged");
  res = await api.member.file.getFileWithName({ fileId: logMeta.id, fileName: log.name, headers: { Token: logToken } });
  assertStatus(res, 200);
  assert.equal(res.data, log.bytes.toString("utf8"));

  // the base64 variant: accept as query parameter and as Accept header. (Larger bodies are
  // covered by the gzip regression test below.)
  const base64 = log.bytes.toString("base64");
  res = await api.member.file.getFile(
    { fileId: logMeta.id, queryParameters: { token: logToken, accept: "text/plain;base64" } },
    asBytes,
  );
  assertStatus(res, 200);
  assert.match(header(res, "content-type") ?? "", /^text\/plain\s*;\s*base64\b/);
  assert.equal(bytesOf(res).toString("ascii").trim(), base64, "getFile accept=text/plain;base64 answers the bytes in base64");
  res = await api.member.file.getFileWithName(
    { fileId: logMeta.id, fileName: log.name, headers: { Token: logToken, Accept: "text/plain;base64" } },
    asBytes,
  );
  assertStatus(res, 200);
  assert.match(header(res, "content-type") ?? "", /^text\/plain\s*;\s*base64\b/);
  assert.equal(bytesOf(res).toString("ascii").trim(), base64, "getFileWithName Accept: text/plain;base64");

  // getFileMeta: the FileMeta createFile answered
  for (const params of [
    { fileId: imageMeta.id, queryParameters: { token } },
    { fileId: imageMeta.id, headers: { Token: token } },
  ]) {
    res = await api.member.file.getFileMeta(params);
    assertStatus(res, 200);
    assertConforms(res, "file-get-file-meta");
    assert.deepEqual(res.data, imageMeta, "getFileMeta answers the FileMeta of the upload");
  }
  res = await anonymous.file.getFileMeta({ fileId: logMeta.id, queryParameters: { token: logToken } });
  assertStatus(res, 200);
  assertConforms(res, "file-get-file-meta");
  assert.deepEqual(res.data, logMeta);

  // --- refusals around the attached files -------------------------------------------------
  // someone who does not see the conversation gets no access token
  res = await api.outsider.conversation.getFileAccessToken({ conversationId, fileId: imageMeta.id });
  assertError(res, 404, "conversation-get-file-access-token");
  // unknown file; file of another conversation; malformed file id
  res = await api.owner.conversation.getFileAccessToken({ conversationId, fileId: randomId() });
  assertError(res, 404, "conversation-get-file-access-token");
  const other = await createConversation(api.owner, { sharedWith: sharedWithCustomer() });
  res = await api.owner.conversation.getFileAccessToken({ conversationId: other.conversationId, fileId: imageMeta.id });
  assertError(res, 404, "conversation-get-file-access-token");
  res = await api.owner.conversation.getFileAccessToken({ conversationId, fileId: "not-a-uuid" });
  assertError(res, 400, "conversation-get-file-access-token");

  // the access token of one file does not open another: 404, as for a file that does not exist
  res = await api.member.file.getFile({ fileId: logMeta.id, queryParameters: { token } });
  assertError(res, 404, "file-get-file");
  const unknownWithToken = await api.member.file.getFile({ fileId: randomId(), queryParameters: { token } });
  assertError(unknownWithToken, 404, "file-get-file");
  assert.deepEqual(res.data, unknownWithToken.data, "another file answers as an unknown one");
  res = await api.member.file.getFileWithName({ fileId: logMeta.id, fileName: log.name, headers: { Token: token } });
  assertError(res, 404, "file-get-file-with-name");
  res = await api.member.file.getFileMeta({ fileId: logMeta.id, queryParameters: { token } });
  assertError(res, 404, "file-get-file-meta");

  // a forged or damaged access token, and none at all, is 401
  const damaged = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
  res = await anonymous.file.getFile({ fileId: imageMeta.id, queryParameters: { token: damaged } });
  assertError(res, 401, "file-get-file");
  res = await anonymous.file.getFileWithName({ fileId: imageMeta.id, fileName: image.name });
  assertError(res, 401, "file-get-file-with-name");
  res = await anonymous.file.getFileMeta({ fileId: imageMeta.id, headers: { Token: "not-a-token" } });
  assertError(res, 401, "file-get-file-meta");

  // an unknown file is 404, and so is the file for someone who does not see the conversation
  res = await api.owner.file.getFile({ fileId: randomId() });
  assertError(res, 404, "file-get-file");
  res = await api.owner.file.getFileWithName({ fileId: randomId(), fileName: "screenshot.png" });
  assertError(res, 404, "file-get-file-with-name");
  res = await api.owner.file.getFileMeta({ fileId: randomId() });
  assertError(res, 404, "file-get-file-meta");
  res = await api.outsider.file.getFileMeta({ fileId: imageMeta.id });
  assertError(res, 404, "file-get-file-meta");
  res = await api.outsider.file.getFile({ fileId: imageMeta.id });
  assertError(res, 404, "file-get-file");
});

test("createFile refuses a reused upload token (409) and a disguised executable (406)", async () => {
  const { conversationId } = await createConversation(api.owner, { sharedWith: sharedWithCustomer() });
  const note = { name: "notes.txt", type: "text/plain", bytes: Buffer.from("conformance notes\n") };

  // an upload token is good for one file
  const { meta, uploadToken } = await upload(api.owner, conversationId, note);
  assert.equal(meta.name, note.name);
  let res = await api.owner.file.createFile({ headers: { Token: uploadToken }, data: formWith(note) });
  const reused = assertError(res, 409, "file-create-file");
  assert.equal(reused.type, "ValidationError", `409 is a ValidationError: ${JSON.stringify(reused)}`);

  // a Windows executable named like a PNG and declared as one
  const disguised = {
    name: "x.png",
    type: "image/png",
    bytes: Buffer.concat([Buffer.from("MZ", "latin1"), Buffer.alloc(126, 0), Buffer.from("PE\0\0", "latin1"), Buffer.alloc(128, 0x90)]),
  };
  const fresh = await requestUpload(api.owner, conversationId);
  res = await api.owner.file.createFile({ headers: { Token: fresh.uploadToken }, data: formWith(disguised) });
  const refused = assertError(res, 406, "file-create-file");
  assert.equal(refused.type, "ValidationError", `406 is a ValidationError: ${JSON.stringify(refused)}`);
  // and an id that is no upload of this user in this conversation cannot be attached
  const attempt = await api.owner.conversation.createMessage({
    conversationId,
    data: { messageContent: "nothing to attach", fileIds: [randomId()] },
  });
  assertError(attempt, 400, "conversation-create-message");
});

test("createFile errors: unknown upload token 401, malformed 400, content that contradicts its name 422", async () => {
  const { conversationId } = await createConversation(api.owner, { sharedWith: sharedWithCustomer() });
  const note = { name: "notes.txt", type: "text/plain", bytes: Buffer.from("conformance notes\n") };

  let res = await api.owner.file.createFile({ headers: { Token: randomId() }, data: formWith(note) });
  assertError(res, 401, "file-create-file");
  res = await api.owner.file.createFile({ headers: { Token: "not-a-uuid" }, data: formWith(note) });
  assertError(res, 400, "file-create-file");

  // PNG bytes named like a text file
  const issued = await requestUpload(api.owner, conversationId);
  const pngAsText = { name: "notes.txt", type: "text/plain", bytes: samplePng(issued.rules).bytes };
  res = await api.owner.file.createFile({ headers: { Token: issued.uploadToken }, data: formWith(pngAsText) });
  assertError(res, 422, "file-create-file");
});

// Regression: with `Accept-Encoding: gzip` (axios' and every browser's default) downloads larger
// than about 1.5 kB of compressible types (text/plain, application/pdf, every text/plain;base64
// body) once answered 500 because the response was gzipped under the uncompressed Content-Length.
test(
  "downloads larger than ~1.5 kB work while the client accepts gzip (text, PDF, base64)",
  async () => {
    // the uploader, on connections that are not reused
    const owner = sdkClient(users.owner.token);
    owner.axios.defaults.httpAgent = new http.Agent({ keepAlive: false });
    const { conversationId } = await createConversation(api.owner, { sharedWith: sharedWithCustomer() });
    const issued = await requestUpload(api.owner, conversationId);
    const pdf = Buffer.from(
      "%PDF-1.4\n" +
        "% conformance padding so that the document is a few kilobytes long\n".repeat(50) +
        "1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 72 72]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
      "latin1",
    );
    const files = [
      { name: "big.log", type: "text/plain", bytes: Buffer.from("2024-05-01T10:00:00Z INFO a line of a longer log\n".repeat(100)) },
      { name: "invoice.pdf", type: "application/pdf", bytes: pdf },
      samplePng(issued.rules),
    ];
    const problems = [];
    for (const file of files) {
      const { meta } = await upload(api.owner, conversationId, file);
      const token = await accessToken(owner, conversationId, meta.id);
      for (const accept of ["application/octet-stream", "text/plain;base64"]) {
        const expected = accept === "text/plain;base64" ? Buffer.from(file.bytes.toString("base64"), "ascii") : file.bytes;
        const what = `GET /v2/files/{id}?token=…&accept=${accept} (${file.type}, ${file.bytes.length} bytes, Accept-Encoding: gzip)`;
        let failure;
        try {
          const res = await owner.file.getFile({ fileId: meta.id, queryParameters: { token, accept } }, asBytes);
          if (res.status !== 200) failure = `expected 200, got ${res.status} ${errorMessage(res)}`;
          else if (!bytesOf(res).equals(expected)) failure = "200, but the body differs from the upload";
        } catch (e) {
          failure = `request failed: ${e.code ?? ""} ${e.message}`;
        }
        if (!failure) continue;
        // the same request without compression, to show what is at fault
        const plain = await owner.file.getFile(
          { fileId: meta.id, queryParameters: { token, accept }, headers: { "Accept-Encoding": "identity" } },
          asBytes,
        );
        const control = plain.status === 200 && bytesOf(plain).equals(expected) ? "200 with the right bytes" : `${plain.status}`;
        problems.push(`${what}: ${failure}; with Accept-Encoding: identity: ${control}`);
      }
    }
    assert.deepEqual(problems, [], "downloads fail");
  },
);
