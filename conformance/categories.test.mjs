// Categories are public (`security: []` in the contract): listCategories and getCategory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { api, assertStatus, assertConforms, assertError, randomId } from "./lib/harness.mjs";

const EXPECTED = {
  general: ["unspecified"],
  project: undefined,
  server: undefined,
  organisation: undefined,
  extension: ["extensionInstance"],
  billing: undefined,
};

test("listCategories answers without a token and holds the default categories", async () => {
  const res = await api.anonymous.conversation.listCategories();
  assertStatus(res, 200);
  assertConforms(res, "conversation-list-categories");
  const byName = Object.fromEntries(res.data.map((c) => [c.name, c]));
  for (const [name, referenceType] of Object.entries(EXPECTED)) {
    assert.ok(byName[name], `category '${name}' missing; got ${Object.keys(byName).join(", ")}`);
    if (referenceType) assert.deepEqual(byName[name].referenceType, referenceType, `referenceType of '${name}'`);
  }
  const ids = res.data.map((c) => c.categoryId);
  assert.equal(new Set(ids).size, ids.length, "categoryIds are unique");
});

test("listCategories answers the same list to an authenticated caller", async () => {
  const [anon, owner] = await Promise.all([
    api.anonymous.conversation.listCategories(),
    api.owner.conversation.listCategories(),
  ]);
  assertStatus(owner, 200);
  assert.deepEqual(
    owner.data.map((c) => c.categoryId).sort(),
    anon.data.map((c) => c.categoryId).sort(),
  );
});

test("getCategory returns each listed category, also without a token", async () => {
  const list = await api.anonymous.conversation.listCategories();
  assertStatus(list, 200);
  for (const category of list.data) {
    const res = await api.anonymous.conversation.getCategory({ categoryId: category.categoryId });
    assertStatus(res, 200);
    assertConforms(res, "conversation-get-category");
    assert.deepEqual(res.data, category);
  }
});

test("getCategory with an unknown uuid is 404", async () => {
  const res = await api.owner.conversation.getCategory({ categoryId: randomId() });
  assertError(res, 404, "conversation-get-category");
});

test("getCategory with a malformed id is a 400 ValidationError", async () => {
  const res = await api.anonymous.conversation.getCategory({ categoryId: "not-a-uuid" });
  const body = assertError(res, 400, "conversation-get-category");
  assert.ok(
    body.validationErrors.some((e) => /categoryId/.test(e.path) || /categoryId/.test(e.message)),
    `a validation error should name categoryId: ${JSON.stringify(body.validationErrors)}`,
  );
});
