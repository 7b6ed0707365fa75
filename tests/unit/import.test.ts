import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { importPlainText, isImportFailure, parseByline, type ImportedArticle } from "../../src/import/plaintext.ts";
import { parseArticle } from "../../src/content/front-matter.ts";
import { htmlToText } from "../../src/content/markdown.ts";
import type { ParsedArticle as Article } from "../../src/content/article.ts";
import { formatProblem } from "../../src/shared/problems.ts";
import { ROOT } from "../helpers/run.ts";

const dump = (name: string): string => readFileSync(path.join(ROOT, "tests/fixtures/dumps", name), "utf8");

function imported(text: string, tags: string[] = []): ImportedArticle {
  const result = importPlainText(text, { file: "dump.txt", tags });
  if (isImportFailure(result)) assert.fail(result.problems.map(formatProblem).join("\n"));
  return result;
}

function record(file: ImportedArticle): Article {
  const article = parseArticle({ file: file.path, bytes: new TextEncoder().encode(file.text), now: Date.UTC(2026, 0, 1) });
  if (Array.isArray(article)) assert.fail(JSON.stringify(article));
  return article;
}

test("bylines in the common forms", () => {
  assert.deepEqual(parseByline("By Jane Doe"), { authors: ["Jane Doe"] });
  assert.deepEqual(parseByline("By Anna Ivanova and Boris Petrov"), { authors: ["Anna Ivanova", "Boris Petrov"] });
  assert.deepEqual(parseByline("By A. One, B. Two and C. Three"), { authors: ["A. One", "B. Two", "C. Three"] });
  assert.deepEqual(parseByline("Jane Doe, Reuters"), { authors: ["Jane Doe"], source: "Reuters" });
  assert.deepEqual(parseByline("By The Moscow Times"), { authors: ["The Moscow Times"], source: "The Moscow Times" });
  assert.equal(parseByline("Moscow, the capital, was quiet."), null);
});

test("two authors, an abbreviated month and the URL on the trailer line", () => {
  assert.equal(
    imported(dump("two-authors-abbreviated-month.txt"), ["Budget"]).text,
    `---
title: Council Approves Budget
date: 2013-04-06
author:
  - Anna Ivanova
  - Boris Petrov
original_url: https://news.example/2013/04/06/budget
tags:
  - Budget
summary: The city council approved the budget on Friday.
---

The city council approved the budget on Friday.
`,
  );
});

test("'Name, Publication' credit, day-first date, and a split paragraph rejoined", () => {
  const file = imported(dump("reuters-credit-day-first.txt"));
  assert.equal(file.path, "2013/storm-hits-coast.md");
  const article = record(file);
  assert.deepEqual([article.authors, article.source, article.date.date], [["Jane Doe"], "Reuters", "2013-04-06"]);
  assert.equal(article.html, "<p>A storm hit the coast, officials said houses were damaged.</p>\n<p>More rain is expected.</p>");
});

test("a paragraph ending a sentence, or one starting in capitals, is not joined", () => {
  const text = "T\n\nBy Jane Doe\n\nApril 6, 2013\n\n\"We will go,\" Putin said\n\nHe said more.\n\nIt ended.\n\nthen lower case after a full stop.\n";
  assert.equal(record(imported(text)).html, `<p>"We will go," Putin said</p>\n<p>He said more.</p>\n<p>It ended.</p>\n<p>then lower case after a full stop.</p>`);
});

test("CRLF with the date before the byline; BOM with CR-only lines", () => {
  const quiet = record(imported(dump("crlf-date-before-byline.txt")));
  assert.deepEqual([quiet.title, quiet.date.date, quiet.authors], ["Quiet Day", "2013-04-07", ["Clara Novak"]]);
  const bom = record(imported(dump("bom-cr-only.txt")));
  assert.deepEqual([bom.title, bom.date.date, bom.authors], ["BOM Story", "2013-04-08", ["Luis Silva"]]);
});

test("characters Markdown would misread show exactly as written", () => {
  const article = record(imported(dump("markdown-characters.txt")));
  const paragraphs = [...article.html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => htmlToText(m[1]!));
  assert.deepEqual(paragraphs, [
    "# Not a heading",
    "> Not a quote",
    "- Not a list",
    "1. Not a numbered list",
    "Stars *like this* and _underscores_ and <b>tags</b> & [brackets](x) `code` ~strike~ | pipes \\ backslash.",
  ]);
  assert.doesNotMatch(article.html, /<(h1|h2|blockquote|ul|ol|em|b|code|a|del)\b/);
});

test("every date form reads as the same calendar day", () => {
  for (const line of ["April 06, 2013", "April 6, 2013", "Apr. 6, 2013", "6 April 2013", "2013-04-06"]) {
    assert.equal(record(imported(`Title\n\nBy Jane Doe\n\n${line}\n\nBody.\n`)).date.date, "2013-04-06", line);
  }
});

test("missing parts are named, all at once, at the dump's lines", () => {
  const failure = (text: string): string[] => {
    const result = importPlainText(text, { file: "dump.txt", tags: [] });
    return isImportFailure(result) ? result.problems.map(formatProblem) : assert.fail("imported");
  };
  assert.deepEqual(failure(dump("missing-date.txt")), ['dump.txt:3: date: no date found; expected a line like "April 6, 2013" after the title.']);
  assert.deepEqual(failure("\n\n  \n"), [
    "dump.txt:3: title: no title; the first line should be the headline.",
    'dump.txt:3: date: no date found; expected a line like "April 6, 2013" after the title.',
    "dump.txt:3: body: no paragraphs after the title, byline and date.",
  ]);
  assert.deepEqual(failure("T\n\nApril 6, 2013\n\nBody.\n\nOriginal url:\n\nnot a url\n"), [
    'dump.txt:7: original_url: "Original url:" is not followed by an http(s) URL.',
  ]);
  assert.deepEqual(failure("T\n\nFebruary 30, 2013\n\nBody.\n"), [
    'dump.txt:3: date: no date found; expected a line like "April 6, 2013" after the title.',
  ], "an impossible date is no date");
  assert.deepEqual(failure("***\n\nApril 6, 2013\n\nBody.\n"), ['dump.txt:1: title: "***" gives no usable file name; it needs a letter or digit.']);
});

test("the summary is the first sentence, at most about 300 characters", () => {
  const article = record(imported(`T\n\nBy Jane Doe\n\nApril 6, 2013\n\nFirst sentence here. Second one. \n`));
  assert.equal(article.summary, "First sentence here.");
  const long = record(imported(`T\n\nBy Jane Doe\n\nApril 6, 2013\n\n${"word ".repeat(100)}end.\n`));
  assert.ok(long.summary.length <= 301 && long.summary.endsWith("…"));
});
