import { test } from "node:test";
import assert from "node:assert/strict";
import { assignSlugs, isValidSlug, nameKey, slugify } from "../../src/content/slug.ts";

test("slugify transliterates and spells out symbols that tell names apart", () => {
  assert.equal(slugify("Vladimir Putin"), "vladimir-putin");
  assert.equal(slugify("Москва"), "moskva");
  assert.equal(slugify("C++"), "c-plus-plus");
  assert.equal(slugify("C#"), "c-sharp");
  assert.equal(slugify("../../etc"), "etc");
  assert.equal(slugify("a/b"), "a-b");
  assert.equal(slugify("日本"), "");
});

test("slugs are cut at a hyphen to 80 characters", () => {
  const slug = slugify("word ".repeat(40));
  assert.ok(slug.length <= 80);
  assert.ok(isValidSlug(slug));
  assert.ok(!slug.endsWith("-"));
});

test("names that differ only by case, spacing or accents share a key", () => {
  assert.equal(nameKey("Syria"), nameKey(" syria "));
  assert.equal(nameKey("SYRIA"), "syria");
  assert.equal(nameKey("Sýria"), "syria");
  assert.equal(nameKey("Bashar  Assad"), "bashar assad");
  assert.notEqual(nameKey("C"), nameKey("C++"));
});

test("distinct keys always get distinct, valid slugs, whatever their order", () => {
  const keys = ["c", "c++", "c#", "c.", "日本", "中国", "index", "feed", "politics", "日本 politics", "../../etc", "a/b"];
  const slugs = assignSlugs(keys);
  const values = [...slugs.values()];
  assert.equal(new Set(values).size, keys.length);
  for (const slug of values) assert.ok(isValidSlug(slug), slug);
  assert.equal(slugs.get("c"), "c");
  assert.equal(slugs.get("c++"), "c-plus-plus");
  assert.equal(slugs.get("politics"), "politics");
  assert.match(slugs.get("日本 politics")!, /^politics-[0-9a-f]{8}$/);
  assert.match(slugs.get("日本")!, /^[0-9a-f]{8}$/);
  assert.equal(slugs.get("index"), "index-tag");
  assert.equal(slugs.get("feed"), "feed-tag");
  assert.equal(slugs.get("../../etc"), "etc");
  assert.deepEqual(assignSlugs([...keys].reverse()), slugs);
});
