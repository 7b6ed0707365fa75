import { test } from "node:test";
import assert from "node:assert/strict";
import { parseArticleFile, validateArticle } from "../../src/content/front-matter.ts";
import { formatProblem, sortProblems } from "../../src/shared/problems.ts";
import type { ParsedArticle as Article } from "../../src/content/article.ts";

const FILE = "content/articles/2013/story.md";
const NOW = Date.UTC(2026, 0, 1);

/** Loads one file's text: the Article, or its problems formatted as the CLI prints them. */
function load(text: string | Uint8Array): Article | string[] {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  const raw = parseArticleFile(FILE, bytes);
  const result = Array.isArray(raw) ? raw : validateArticle(raw, { now: NOW });
  return Array.isArray(result) ? sortProblems(result).map(formatProblem) : result;
}

function article(text: string): Article {
  const result = load(text);
  if (Array.isArray(result)) assert.fail(`expected an article, got:\n${result.join("\n")}`);
  return result;
}

const VALID = `---
title: "Putin Urges Peace Talks to End Syria 'Massacre'"
date: 2013-04-06
author: The Moscow Times
source: The Moscow Times
original_url: https://www.themoscowtimes.com/2013/04/06/putin-urges-peace-talks-to-end-syria-massacre-a23012
tags: [Russia, Syria]
---

President Vladimir Putin said the civil war in Syria had become a "massacre".
`;

test("a valid file becomes a typed article record", () => {
  const a = article(VALID);
  assert.equal(a.title, "Putin Urges Peace Talks to End Syria 'Massacre'");
  assert.equal(a.slug, "story");
  assert.equal(a.url, "/2013/04/06/story/");
  assert.deepEqual(a.authors, ["The Moscow Times"]);
  assert.deepEqual(a.tags, [{ name: "Russia", index: 0, line: 7 }, { name: "Syria", index: 1, line: 7 }]);
  assert.equal(a.summary, 'President Vladimir Putin said the civil war in Syria had become a "massacre".');
  assert.equal(a.html, '<p>President Vladimir Putin said the civil war in Syria had become a "massacre".</p>');
  assert.equal(a.draft, false);
  assert.equal(a.scheduled, false);
});

test("BOM, CRLF and CR-only line endings are fine", () => {
  const crlf = VALID.replace(/\n/g, "\r\n");
  assert.equal(article(`\uFEFF${crlf}`).title, "Putin Urges Peace Talks to End Syria 'Massacre'");
  assert.equal(article(VALID.replace(/\n/g, "\r")).date.date, "2013-04-06");
});

test("text that is not UTF-8 is an error naming the file", () => {
  const latin1 = Uint8Array.from([...new TextEncoder().encode("---\ntitle: Caf"), 0xe9, ...new TextEncoder().encode("\n---\nx\n")]);
  assert.deepEqual(load(latin1), [
    `${FILE}:1: file: is not valid UTF-8; save it as UTF-8 (most editors offer this under Save As or Encoding).`,
  ]);
});

test("YAML 1.1 traps are kept exactly as written", () => {
  const a = article("---\ntitle: 1984\ndate: 2013-04-06\nsource: S\ntags: [no, 2013, 012, 3.10, 1:20]\n---\nBody\n");
  assert.equal(a.title, "1984");
  assert.deepEqual(a.tags.map((t) => t.name), ["no", "2013", "012", "3.10", "1:20"]);
});

test("every problem in a file is reported at once, with its line", () => {
  assert.deepEqual(load("---\ntitel: Typo\ndate: 2013-02-30\ntags: Syria, Iraq\ndraft: yes\noriginal_url: javascript:alert(1)\n---\n\n"), [
    `${FILE}:1: author: missing, and so is source; give the byline (author) or the publication (source), or both.`,
    `${FILE}:1: title: missing; every article needs a title.`,
    `${FILE}:2: titel: unknown field; did you mean "title"?`,
    `${FILE}:3: date: "2013-02-30" is not a valid date; write YYYY-MM-DD, e.g. "2013-02-28".`,
    `${FILE}:4: tags: "Syria, Iraq" is one piece of text, not a list; write tags: [Syria, Iraq].`,
    `${FILE}:5: draft: "yes" is not true or false; write draft: true or draft: false.`,
    `${FILE}:6: original_url: "javascript:alert(1)" is not an http(s) URL; write the full address, e.g. "https://example.com/2013/04/06/story".`,
    `${FILE}:8: body: is empty; write the article's text after the closing "---".`,
  ]);
});

test("a list item's problem points at its own line", () => {
  assert.deepEqual(load("---\ntitle: T\ndate: 2013-04-06\nsource: S\ntags:\n  - Syria\n  - true\n---\nBody\n"), [
    `${FILE}:7: tags[1]: true is not text; quote it if you mean the word, e.g. "true".`,
  ]);
});

test("front matter must be YAML, a mapping, start on line 1 and be closed", () => {
  assert.deepEqual(load("---js\n{ title: (() => { throw new Error('ran') })() }\n---\nBody\n"), [
    `${FILE}:1: front matter: "---js" front matter is not allowed, as it could run code; write YAML between two "---" lines.`,
  ]);
  assert.deepEqual(load("---\n- a\n- b\n---\nBody\n"), [
    `${FILE}:2: front matter: is a list, not fields; write one "field: value" per line, e.g. "title: ...".`,
  ]);
  assert.deepEqual(load("---\njust a string\n---\nBody\n"), [
    `${FILE}:2: front matter: is a single value, not fields; write one "field: value" per line, e.g. "title: ...".`,
  ]);
  assert.deepEqual(load("\n\n---\ntitle: T\n---\nBody\n"), [
    `${FILE}:3: front matter: starts on line 3; it must start on line 1, so remove the blank lines before "---".`,
  ]);
  assert.deepEqual(load("title: T\n\nBody\n"), [
    `${FILE}:1: front matter: missing; start the file with a "---" line, the fields (title, date, source...), and another "---" line.`,
  ]);
  assert.deepEqual(load("---\ntitle: T\n"), [`${FILE}:1: front matter: is not closed; end it with a line of exactly "---" before the body.`]);
});

test("duplicate keys and invalid YAML are reported, not guessed", () => {
  assert.deepEqual(load("---\ntitle: A\ndate: 2013-04-06\ntitle: B\n---\nBody\n"), [`${FILE}:4: title: appears more than once; keep one.`]);
  const broken = load('---\ntitle: "Unclosed\ndate: 2013-04-06\n---\nBody\n');
  assert.ok(Array.isArray(broken));
  assert.match(broken[0]!, /^content\/articles\/2013\/story\.md:\d: front matter: is not valid YAML: .+; check quotes, brackets and indentation\.$/);
});

test("a timestamp with offset keeps the offset's calendar date", () => {
  const a = article("---\ntitle: T\ndate: 2013-12-31T23:30:00-05:00\nsource: S\n---\nBody\n");
  assert.equal(a.url, "/2013/12/31/story/");
  assert.equal(a.date.label, "December 31, 2013");
});

test("slug comes from front matter and must be URL-safe", () => {
  assert.equal(article("---\ntitle: T\ndate: 2013-04-06\nsource: S\nslug: my-story\n---\nBody\n").url, "/2013/04/06/my-story/");
  assert.deepEqual(load("---\ntitle: T\ndate: 2013-04-06\nsource: S\nslug: My Story!\n---\nBody\n"), [
    `${FILE}:5: slug: "My Story!" is not a valid slug; use lower-case letters, digits and single hyphens, at most 80 characters, e.g. "my-story".`,
  ]);
});

test("future-dated articles are scheduled; drafts are drafts", () => {
  assert.equal(article("---\ntitle: T\ndate: 2030-01-01\nsource: S\n---\nBody\n").scheduled, true);
  assert.equal(article("---\ntitle: T\ndate: 2013-04-06\nsource: S\ndraft: true\n---\nBody\n").draft, true);
});

test("a missing summary is the first paragraph, cut near 300 characters", () => {
  const long = `${"word ".repeat(100)}end.`;
  const a = article(`---\ntitle: T\ndate: 2013-04-06\nsource: S\n---\n${long}\n`);
  assert.ok(a.summary.length <= 301);
  assert.ok(a.summary.endsWith("…"));
});

test("a body nested thousands deep is a content error, not a crash", () => {
  const staircase = Array.from({ length: 5000 }, (_, i) => `${">".repeat(i + 1)} level ${i + 1}`).join("\n");
  assert.deepEqual(load(`---\ntitle: T\ndate: 2013-04-06\nsource: S\n---\n${staircase}\n`), [
    `${FILE}:6: body: has quotes nested 5000 deep; at most 64 can be shown, so flatten them.`,
  ]);
  assert.deepEqual(load(`---\ntitle: T\ndate: 2013-04-06\nsource: S\n---\n${"> ".repeat(20000)}deep\n`), [
    `${FILE}:6: body: has quotes nested 20000 deep; at most 64 can be shown, so flatten them.`,
  ]);
  assert.match(article(`---\ntitle: T\ndate: 2013-04-06\nsource: S\n---\n${"> ".repeat(64)}deep enough\n`).html, /deep enough/);
});

test("an alias with no anchor, or aliases that expand too far, are a problem on their line, not a crash", () => {
  const message = "uses an alias (*name) that is not set before it with an anchor (&name), or that expands too far; write the value out.";
  const cases: [string, string[]][] = [
    ["title: T\n(: *!", [`a.md:3: (: ${message}`]],
    ["a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\ntitle: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]", [`a.md:4: title: ${message}`]],
  ];
  for (const [yaml, expected] of cases) {
    const result = parseArticleFile("a.md", new TextEncoder().encode(`---\n${yaml}\n---\nBody.\n`));
    assert.ok(Array.isArray(result), yaml);
    assert.deepEqual(result.map(formatProblem), expected);
  }
});

test("corrections: each a date and a text, oldest first; the latest moves updated", () => {
  const a = article(VALID.replace("tags: [Russia, Syria]\n", 'tags: [Russia, Syria]\nupdated: 2013-04-07\ncorrections:\n  - date: 2013-04-09\n    text: "An earlier version misspelled Assad."\n  - { date: 2013-04-08, text: The date of the talks was wrong. }\n'));
  assert.deepEqual(a.corrections.map((c) => [c.date.date, c.text]), [["2013-04-08", "The date of the talks was wrong."], ["2013-04-09", "An earlier version misspelled Assad."]]);
  assert.equal(a.updated?.date, "2013-04-09", "the latest correction, later than updated");
  assert.match(a.html, /"massacre"/, "the body is printed as written");
  assert.deepEqual(article(VALID).corrections, []);
  assert.equal(article(VALID).updated, null);
});

test("aliases: old URLs of the site, in the order written, repeats dropped, each with its line", () => {
  const text = VALID.replace("tags: [Russia, Syria]\n", "tags: [Russia, Syria]\naliases:\n  - /2013/04/05/old-slug/\n  - /news/putin.html\n  - /2013/04/05/old-slug/\n");
  const first = text.split("\n").indexOf("  - /2013/04/05/old-slug/") + 1;
  assert.deepEqual(article(text).aliases, [
    { url: "/2013/04/05/old-slug/", index: 0, line: first },
    { url: "/news/putin.html", index: 1, line: first + 1 },
  ]);
  assert.deepEqual(article(VALID).aliases, []);
});

test("an alias that is not a path of the site, or is the article's own URL, is a problem on its line", () => {
  const head = "---\ntitle: T\ndate: 2013-04-06\nslug: t\nsource: S\naliases:\n";
  assert.deepEqual(load(`${head}  - 2013/04/05/old/\n  - https://example.org/old/\n  - /old/../etc/\n  - /old?id=3\n  - /old\n  - /\n---\nBody\n`), [
    `${FILE}:7: aliases[0]: "2013/04/05/old/" is not a path of this site; write an old URL from the site's root, e.g. /2013/04/05/old-slug/ (a folder, ending in /) or /news/old-page.html.`,
    `${FILE}:8: aliases[1]: "https://example.org/old/" is not a path of this site; write an old URL from the site's root, e.g. /2013/04/05/old-slug/ (a folder, ending in /) or /news/old-page.html.`,
    `${FILE}:9: aliases[2]: "/old/../etc/" is not a path of this site; write an old URL from the site's root, e.g. /2013/04/05/old-slug/ (a folder, ending in /) or /news/old-page.html.`,
    `${FILE}:10: aliases[3]: "/old?id=3" is not a path of this site; write an old URL from the site's root, e.g. /2013/04/05/old-slug/ (a folder, ending in /) or /news/old-page.html.`,
    `${FILE}:11: aliases[4]: "/old" is not a path of this site; write an old URL from the site's root, e.g. /2013/04/05/old-slug/ (a folder, ending in /) or /news/old-page.html.`,
    `${FILE}:12: aliases[5]: "/" is not a path of this site; write an old URL from the site's root, e.g. /2013/04/05/old-slug/ (a folder, ending in /) or /news/old-page.html.`,
  ]);
  assert.deepEqual(load(`${head}  - /2013/04/06/t/index.html\n  - /2013/04/06/t/\n---\nBody\n`), [
    `${FILE}:7: aliases[0]: "/2013/04/06/t/index.html" is this article's own URL; an alias is an old URL it moved from, so remove it.`,
    `${FILE}:8: aliases[1]: "/2013/04/06/t/" is this article's own URL; an alias is an old URL it moved from, so remove it.`,
  ]);
  assert.deepEqual(load(`${head.replace("aliases:\n", "aliases: /2013/04/05/old/\n")}---\nBody\n`), [
    `${FILE}:6: aliases: "/2013/04/05/old/" is one URL, not a list; write aliases: [/2013/04/05/old/].`,
  ]);
});

test("image: a photo beside the article with its alt text, caption and credit, its file found from the article's folder", () => {
  const a = article(VALID.replace("tags: [Russia, Syria]\n", "tags: [Russia, Syria]\nimage:\n  src: photos/kremlin.jpg\n  alt: Putin at a lectern\n  caption: Putin spoke on Friday.\n  credit: Jane Doe / Agency\n"));
  assert.deepEqual({ ...a.image, line: 0 }, { src: "photos/kremlin.jpg", file: FILE.replace(/[^/]+$/, "photos/kremlin.jpg"), alt: "Putin at a lectern", caption: "Putin spoke on Friday.", credit: "Jane Doe / Agency", line: 0 });
  assert.equal(article(VALID).image, null);
  const head = "---\ntitle: T\ndate: 2013-04-06\nsource: S\nimage:\n";
  assert.deepEqual(load(`${head}  src: /etc/passwd.jpg\n  alt: A\n  caption: C\n  credit: D\n---\nBody\n`), [
    `${FILE}:6: image.src: "/etc/passwd.jpg" is not a photo file beside the article; write its path from the article's folder, e.g. src: kremlin.jpg (jpg, jpeg, png, webp, avif, gif, tif, tiff).`,
  ]);
  assert.equal((load(`${head}  src: notes.txt\n  alt: A\n  caption: C\n  credit: D\n---\nBody\n`) as string[]).length, 1, "not a photo's extension");
  assert.deepEqual(load(`${head.replace("image:\n", "image: kremlin.jpg\n")}---\nBody\n`), [
    `${FILE}:5: image: expected a photo, got "kremlin.jpg"; write image: { src: kremlin.jpg, alt: "...", caption: "...", credit: "..." }.`,
  ]);
});

test("a correction's problems name the correction, the field and its line", () => {
  const head = "---\ntitle: T\ndate: 2013-04-06\nsource: S\ncorrections:\n";
  assert.deepEqual(load(`${head}  - text: No date.\n  - date: 2013-04-31\n    text: ""\n  - date: 2013-04-08\n    text: Fine.\n    txet: Typo\n  - just text\n---\nBody\n`), [
    `${FILE}:6: corrections[0].date: missing; every correction needs its date, e.g. date: 2013-04-08.`,
    `${FILE}:7: corrections[1].date: "2013-04-31" is not a valid date; write YYYY-MM-DD, e.g. "2013-04-30".`,
    `${FILE}:8: corrections[1].text: is empty; every correction needs what it corrected, e.g. text: An earlier version misspelled the minister's name.`,
    `${FILE}:11: corrections[2].txet: unknown field; did you mean "text"?`,
    `${FILE}:12: corrections[3]: expected a correction, got "just text"; write - { date: 2013-04-08, text: "..." }.`,
  ]);
  assert.deepEqual(load(`${head}  - date: 2013-04-05\n    text: Before publication.\n---\nBody\n`), [
    `${FILE}:6: corrections[0].date: "2013-04-05" is before date "2013-04-06"; a correction comes after publication.`,
  ]);
  assert.deepEqual(load(`${head.replace("corrections:\n", "corrections: The name was wrong.\n")}---\nBody\n`), [
    `${FILE}:5: corrections: expected a list of corrections, got "The name was wrong."; write corrections: [{ date: 2013-04-08, text: "..." }].`,
  ]);
});
