import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseArticleFile, validateArticle } from "../../src/content/front-matter.ts";
import { renderMarkdown } from "../../src/content/markdown.ts";
import { executableParts } from "../helpers/safety.ts";
import { relatedArticles } from "../../src/archive/related.ts";

const FILE = "content/articles/2013/property.md";
const RUNS = { numRuns: 300 };

/** Loads bytes as the build does; returns the record or its problems, and must never throw. */
function load(bytes: Uint8Array) {
  const raw = parseArticleFile(FILE, bytes);
  return Array.isArray(raw) ? raw : validateArticle(raw, { now: Date.UTC(2026, 0, 1) });
}

const HOSTILE = [
  "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "[x](JAVASCRIPT:alert(1))",
  '<a href="&#106;avascript:alert(1)">x</a>', '<a href="java\tscript:alert(1)">x</a>', "<javascript:alert(1)>",
  '<img src="data:image/svg+xml,<svg onload=alert(1)>">', "<iframe src=//evil.example>", "<svg onload=alert(1)>",
  "<math><mi xlink:href=javascript:alert(1)>x</mi></math>", "<style>*{}</style>", '<p style="x:expression(alert(1))">',
  "<form action=javascript:alert(1)><input></form>", '<base href="javascript:/">', "<object data=x>", "<!--", "-->",
  "<![CDATA[", "]]>", "```", "> ", "- ", "1. ", "# ", "{{ 7*7 }}", "{% raw %}", "\u0000", "\r", "\n\n", "<", ">", "&", '"', "'",
];
const markdown = fc.array(fc.oneof(fc.string({ unit: "grapheme" }), fc.constantFrom(...HOSTILE)), { maxLength: 30 }).map((parts) => parts.join(""));

test("the safety check itself finds what could run", () => {
  assert.deepEqual(executableParts('<a href="&#106;avascript:x">a</a><img src=x onerror=y><script></script><p style="c">'), [
    "a[href=javascript:x]", "img[onerror]", "<script>", "p[style]",
  ]);
  assert.deepEqual(executableParts('<p><a href="https://example.org">ok</a></p>'), []);
  // The site's own parts pass; anything made to look like them does not.
  assert.deepEqual(executableParts('<script type="application/ld+json">{"a":"\\u003c/script>"}</script><script src="/archive/js/copy.js" defer></script><form action="/search/" method="get"></form>'), []);
  assert.deepEqual(executableParts('<script type="application/ld+json">{"a":"</script><script>alert(1)</script>"}</script>'), [
    'JSON-LD that is not JSON: {"a":"', "<script>",
  ]);
  assert.deepEqual(executableParts('<script src="/js/copy.js">alert(1)</script><script src="https://evil.example/js/copy.js"></script><form action="/search/" method="post"></form>'), [
    "<script src> with inline text", "<script>", "<form>",
  ]);
});

test("rendered Markdown never holds anything executable, whatever the input", () => {
  fc.assert(
    fc.property(markdown, (text) => {
      assert.deepEqual(executableParts(renderMarkdown(text)), []);
    }),
    RUNS,
  );
});

test("the loader returns a record or content problems for any bytes, and never throws", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
      const result = load(bytes);
      assert.ok(Array.isArray(result) ? result.every((p) => p.file === FILE && p.line >= 1) : result.file === FILE);
    }),
    RUNS,
  );
});

test("any front matter a YAML editor could write gives a record or problems with lines inside the file", () => {
  const scalar = fc.oneof(fc.string({ unit: "grapheme" }), fc.constantFrom("2013-04-06", "2013-13-01", "012", "3.10", "no", "true", "~", "null", "1:20", "2013-04-06T23:30:00-05:00", "javascript:alert(1)", "https://example.org/x"));
  const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }).map((items) => `[${items.map((i) => JSON.stringify(i)).join(", ")}]`), scalar.map((s) => JSON.stringify(s)));
  const key = fc.oneof(fc.constantFrom("title", "date", "author", "source", "tags", "summary", "draft", "slug", "updated", "original_url", "titel", "lang"), fc.string({ maxLength: 8 }));
  const frontMatter = fc.array(fc.tuple(key, value), { maxLength: 10 }).map((pairs) => pairs.map(([k, v]) => `${k}: ${v}`).join("\n"));
  fc.assert(
    fc.property(frontMatter, markdown, (fields, body) => {
      const text = `---\n${fields}\n---\n${body}`;
      const lines = text.split(/\r\n|\r|\n/).length;
      const result = load(new TextEncoder().encode(text));
      if (Array.isArray(result)) {
        assert.ok(result.length > 0);
        for (const p of result) assert.ok(p.line >= 1 && p.line <= lines + 1, `line ${p.line} of ${lines}`);
      } else {
        assert.deepEqual(executableParts(result.html), []);
        assert.ok(result.url.startsWith("/") && !result.url.includes(".."));
      }
    }),
    RUNS,
  );
});

test("related articles are the best five by shared-tag weight, then nearness in time, as a full sort would rank them", () => {
  const archive = fc.array(fc.record({ tags: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 4 }), epochMs: fc.integer({ min: 0, max: 50 }) }), { maxLength: 40 });
  fc.assert(
    fc.property(archive, (unsorted) => {
      const articles = [...unsorted].sort((a, b) => a.epochMs - b.epochMs);
      const counts = new Map<number, number>();
      for (const article of articles) for (const tag of article.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
      const weight = (tag: number) => Math.round(1e6 * Math.log(1 + articles.length / counts.get(tag)!));
      const expected = articles.map((article, self) => {
        const score = (other: number) => articles[other]!.tags.filter((tag) => article.tags.includes(tag)).reduce((sum, tag) => sum + weight(tag), 0);
        const distance = (other: number) => Math.abs(articles[other]!.epochMs - article.epochMs);
        return articles
          .map((_, other) => other)
          .filter((other) => other !== self && score(other) > 0)
          .sort((a, b) => score(b) - score(a) || distance(a) - distance(b) || a - b)
          .slice(0, 5);
      });
      assert.deepEqual(relatedArticles(articles), expected);
    }),
    RUNS,
  );
});

test("the safety check lets through only the citation block's own downloads among data: links", () => {
  const link = (href: string, download = " download=\"a.ris\"") => `<a href="${href}"${download}>RIS</a>`;
  assert.deepEqual(executableParts(link("data:application/x-research-info-systems;charset=utf-8,TY%20%20-%20NEWS%0D%0A")), []);
  assert.deepEqual(executableParts(link("data:application/vnd.citationstyles.csl+json;charset=utf-8,%5B%5D")), []);
  for (const href of ["data:text/html;charset=utf-8,%3Cscript%3E", "data:application/x-research-info-systems;charset=utf-8,<script>", "data:application/x-research-info-systems;base64,PHNjcmlwdD4="]) {
    assert.equal(executableParts(link(href)).length, 1, href);
  }
  assert.equal(executableParts(link("data:application/x-research-info-systems;charset=utf-8,TY", "")).length, 1, "without download");
});
