// listConversations: pagination (limit/skip/page) and its headers, sort/order (sent by the SDK
// as repeated keys), the status filter and fullTextSearch.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  api,
  tag,
  sleep,
  header,
  assertStatus,
  assertConforms,
  assertError,
  createConversation,
  getConversation,
  postMessage,
  setStatus,
  listAll,
  sharedWithCustomer,
  sharedWithUser,
  outsiderCustomer,
  users,
} from "./lib/harness.mjs";

function paginationHeaders(res) {
  const num = (name) => {
    const v = header(res, name);
    assert.ok(v !== undefined, `header ${name} is present`);
    const n = Number(v);
    assert.ok(Number.isFinite(n), `header ${name} is a number: ${v}`);
    return n;
  };
  return {
    limit: num("X-Pagination-Limit"),
    skip: num("X-Pagination-Skip"),
    page: num("X-Pagination-Page"),
    totalCount: num("X-Pagination-TotalCount"),
  };
}

const ids = (res) => res.data.map((c) => c.conversationId);

// the outsider has few conversations; the pagination tests add five more and use only theirs
let pageFixture;
async function paginationFixture() {
  if (pageFixture) return pageFixture;
  const mine = [];
  for (let i = 0; i < 5; i++) {
    const { conversationId } = await createConversation(api.outsider, {
      title: `page ${i} ${tag()}`,
      sharedWith: sharedWithCustomer(outsiderCustomer.customerId),
    });
    mine.push(conversationId);
    await sleep(3);
  }
  const all = await listAll(api.outsider, SORTED);
  assert.deepEqual(ids(all).slice(-5), mine, "sort=createdAt asc puts the newest last");
  pageFixture = { all: ids(all), total: all.data.length, firstPage: undefined };
  assert.equal(paginationHeaders(all).totalCount, pageFixture.total, "X-Pagination-TotalCount counts every visible conversation");
  return pageFixture;
}
const SORTED = { sort: ["createdAt"], order: ["asc"] };

async function listPage(queryParameters) {
  const res = await api.outsider.conversation.listConversations({ queryParameters: { ...SORTED, ...queryParameters } });
  assertStatus(res, 200);
  assertConforms(res, "conversation-list-conversations");
  return res;
}

test("pagination: limit defaults to 100, skip to 0", async () => {
  const { total } = await paginationFixture();
  const res = await api.outsider.conversation.listConversations();
  assertStatus(res, 200);
  const h = paginationHeaders(res);
  assert.equal(h.limit, 100, "limit defaults to 100");
  assert.equal(h.skip, 0);
  assert.equal(h.totalCount, total);
  assert.equal(res.data.length, total);
});

test("pagination: walking with limit and skip gives the whole list once, with X-Pagination-* headers", async () => {
  const { all, total } = await paginationFixture();
  const seen = [];
  let firstPage;
  for (let skip = 0; skip < total; skip += 2) {
    const res = await listPage({ limit: 2, skip });
    const h = paginationHeaders(res);
    if (firstPage === undefined) {
      firstPage = h.page;
      // the contract does not say whether pages count from 0 or from 1
      assert.ok(firstPage === 0 || firstPage === 1, `X-Pagination-Page of the first page is 0 or 1, got ${firstPage}`);
    }
    assert.deepEqual(h, { limit: 2, skip, page: firstPage + skip / 2, totalCount: total }, `headers for skip=${skip}`);
    assert.equal(res.data.length, Math.min(2, total - skip));
    seen.push(...ids(res));
  }
  assert.deepEqual(seen, all, "pages put together give the whole list, in order, without duplicates");

  const beyond = await listPage({ limit: 2, skip: total + 10 });
  assert.deepEqual(beyond.data, []);
  assert.equal(paginationHeaders(beyond).totalCount, total);
});

test("pagination: page selects the same items as skip = page * limit", async () => {
  const { all, total } = await paginationFixture();
  const firstPage = paginationHeaders(await listPage({ limit: 2, skip: 0 })).page;
  const second = await listPage({ limit: 2, page: firstPage + 1 });
  assert.deepEqual(ids(second), all.slice(2, 4), `page=${firstPage + 1}&limit=2 is the second page`);
  assert.deepEqual(paginationHeaders(second), { limit: 2, skip: 2, page: firstPage + 1, totalCount: total });
});

test("pagination: if both page and skip are set, skip is used", async () => {
  const { all } = await paginationFixture();
  const firstPage = paginationHeaders(await listPage({ limit: 2, skip: 0 })).page;
  const both = await listPage({ limit: 2, skip: 0, page: firstPage + 1 });
  assert.deepEqual(ids(both), all.slice(0, 2), "skip=0 wins over page");
  assert.equal(paginationHeaders(both).skip, 0);
  const both2 = await listPage({ limit: 2, skip: 2, page: firstPage + 2 });
  assert.deepEqual(ids(both2), all.slice(2, 4), "skip=2 wins over page");
});

test("limit=0 answers no items but the total", async () => {
  const { total } = await paginationFixture();
  const res = await listPage({ limit: 0 });
  assert.deepEqual(res.data, []);
  const h = paginationHeaders(res);
  assert.equal(h.limit, 0);
  assert.equal(h.totalCount, total);
});

test("a malformed limit is a 400 ValidationError", async () => {
  const res = await api.owner.conversation.listConversations({ queryParameters: { limit: "many" } });
  assertError(res, 400, "conversation-list-conversations");
  const neg = await api.owner.conversation.listConversations({ queryParameters: { limit: -1 } });
  assertError(neg, 400, "conversation-list-conversations");
  const badSort = await api.owner.conversation.listConversations({ queryParameters: { sort: ["shoeSize"] } });
  assertError(badSort, 400, "conversation-list-conversations");
});

test("sort by title, asc and desc, and by several keys (repeated query keys)", async () => {
  const t = tag();
  const made = {};
  for (const suffix of ["b", "a", "c"]) {
    made[suffix] = (await createConversation(api.owner, { title: `${t} ${suffix}` })).conversationId;
  }
  const older = (await createConversation(api.owner, { title: `${t} same` })).conversationId;
  await sleep(5);
  const newer = (await createConversation(api.owner, { title: `${t} same` })).conversationId;

  const pick = (res) => ids(res).filter((id) => [...Object.values(made), older, newer].includes(id));

  const asc = await listAll(api.owner, { sort: ["title"], order: ["asc"] });
  assert.deepEqual(pick(asc).filter((id) => id !== older && id !== newer), [made.a, made.b, made.c], "title asc");
  const desc = await listAll(api.owner, { sort: ["title"], order: ["desc"] });
  assert.deepEqual(pick(desc).filter((id) => id !== older && id !== newer), [made.c, made.b, made.a], "title desc");

  const multi = await listAll(api.owner, { sort: ["title", "createdAt"], order: ["asc", "desc"] });
  assert.deepEqual(pick(multi), [made.a, made.b, made.c, newer, older], "title asc, then createdAt desc");
  const multi2 = await listAll(api.owner, { sort: ["title", "createdAt"], order: ["asc", "asc"] });
  assert.deepEqual(pick(multi2), [made.a, made.b, made.c, older, newer], "title asc, then createdAt asc");

  // shortId sort is by the shortId value
  const byShort = await listAll(api.owner, { sort: ["shortId"], order: ["asc"] });
  const shortIds = byShort.data.map((c) => c.shortId);
  assert.deepEqual(shortIds, [...shortIds].sort(), "sort=shortId asc");
});

test("default order is by the newest message, newest first", async () => {
  const t = tag();
  const first = (await createConversation(api.owner, { title: `${t} first`, messageContent: "one" })).conversationId;
  await sleep(5);
  const second = (await createConversation(api.owner, { title: `${t} second`, messageContent: "two" })).conversationId;
  const pick = (res) => ids(res).filter((id) => id === first || id === second);

  assert.deepEqual(pick(await listAll(api.owner)), [second, first]);
  await sleep(5);
  await postMessage(api.owner, first, "bump");
  assert.deepEqual(pick(await listAll(api.owner)), [first, second], "a new message moves the conversation to the top");
  assert.deepEqual(
    pick(await listAll(api.owner, { sort: ["lastMessage.createdAt"], order: ["asc"] })),
    [second, first],
    "lastMessage.createdAt asc",
  );
});

test("status filter", async () => {
  const open = (await createConversation(api.owner)).conversationId;
  const closed = (await createConversation(api.owner)).conversationId;
  await setStatus(api.owner, closed, "closed");

  const onlyClosed = await listAll(api.owner, { status: ["closed"] });
  assert.ok(ids(onlyClosed).includes(closed));
  assert.ok(!ids(onlyClosed).includes(open));
  for (const c of onlyClosed.data) assert.equal(c.status, "closed");
  assert.equal(paginationHeaders(onlyClosed).totalCount, onlyClosed.data.length, "TotalCount counts the filtered list");

  const onlyOpen = await listAll(api.owner, { status: ["open"] });
  assert.ok(ids(onlyOpen).includes(open));
  assert.ok(!ids(onlyOpen).includes(closed));
  for (const c of onlyOpen.data) assert.notEqual(c.status, "closed");

  const both = await listAll(api.owner, { status: ["open", "closed"] });
  assert.ok(ids(both).includes(open) && ids(both).includes(closed));

  const bad = await api.owner.conversation.listConversations({ queryParameters: { status: ["sleeping"] } });
  assertError(bad, 400, "conversation-list-conversations");
});

test("fullTextSearch over title, shortId and message text, with quoted phrases", async () => {
  const [w1, w2, w3, w4] = [tag("ka"), tag("kb"), tag("kc"), tag("kd")];
  const inTitle = (
    await createConversation(api.owner, { title: `Invoice ${w1} question`, sharedWith: sharedWithUser(users.owner.userId) })
  ).conversationId;
  const phrase = (await createConversation(api.owner, { messageContent: `I think ${w2} ${w3} is broken` })).conversationId;
  const reversed = (await createConversation(api.owner, { messageContent: `${w3} and ${w2} again` })).conversationId;
  const later = (await createConversation(api.owner)).conversationId;
  await postMessage(api.owner, later, `a follow-up mentioning ${w4}`);
  const shared = (await createConversation(api.owner, { title: `shared ${w1}`, sharedWith: sharedWithCustomer() })).conversationId;

  const search = async (client, fullTextSearch, extra = {}) => {
    const res = await listAll(client, { fullTextSearch, ...extra });
    return ids(res).sort();
  };

  assert.deepEqual(await search(api.owner, w1), [inTitle, shared].sort(), "title word");
  assert.deepEqual(await search(api.owner, w4), [later], "a later message's text");
  assert.deepEqual(await search(api.owner, `${w2} ${w3}`), [phrase, reversed].sort(), "keywords match in any order");
  assert.deepEqual(await search(api.owner, `"${w2} ${w3}"`), [phrase], "a quoted phrase matches only in order");
  assert.deepEqual(await search(api.owner, w1.toUpperCase()), [inTitle, shared].sort(), "search ignores case");

  const { shortId } = await getConversation(api.owner, inTitle);
  assert.ok((await search(api.owner, shortId)).includes(inTitle), `search by shortId ${shortId}`);

  // the search only finds what the caller may see
  assert.deepEqual(await search(api.outsider, w1), [], "the outsider finds nothing");
  assert.deepEqual(await search(api.member, w1), [shared], "a customer member finds only the shared one");

  // combined with the status filter and pagination headers
  await setStatus(api.owner, inTitle, "closed");
  assert.deepEqual(await search(api.owner, w1, { status: ["closed"] }), [inTitle]);
  const res = await api.owner.conversation.listConversations({ queryParameters: { fullTextSearch: w1, limit: 1 } });
  assertStatus(res, 200);
  assert.equal(res.data.length, 1);
  assert.equal(paginationHeaders(res).totalCount, 2);
});

test("fullTextSearch with search-syntax characters answers 200, never a server error", async () => {
  const w = tag("ke");
  const conv = (await createConversation(api.owner, { title: `odd ${w}`, sharedWith: sharedWithUser(users.owner.userId) }))
    .conversationId;
  for (const q of [`"${w}`, `${w}"`, `${w}*`, `-${w}`, `${w} OR`, `title:${w}`, `(${w}`, `NEAR(${w})`, `${w}'`, `%${w}%`, `"" ${w}`, "*", '"', "-", "'", ":"]) {
    const res = await api.owner.conversation.listConversations({ queryParameters: { fullTextSearch: q, limit: 1000 } });
    assert.ok(res.status === 200, `fullTextSearch=${JSON.stringify(q)} answered ${res.status}: ${JSON.stringify(res.data)}`);
    assertConforms(res, "conversation-list-conversations");
  }
  // a plain keyword with surrounding punctuation still finds it
  const res = await listAll(api.owner, { fullTextSearch: `${w}!` });
  assert.ok(ids(res).includes(conv), "punctuation around a keyword is ignored");
});
