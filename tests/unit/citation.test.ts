import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { citationInput, citationMeta, citeArticle, isOrganisation, webArchiveUrl, type Citable } from "../../src/archive/citation.ts";
import { citationsOf } from "../../src/render/citation-styles.ts";
import { DEFAULT_SITE } from "../../src/content/site.ts";
import { parsePublicationDate, type PublicationDate } from "../../src/content/dates.ts";
import { assertIncludes } from "../helpers/assert-text.ts";

const URL = "https://www.themoscowtimes.com/2013/04/06/putin-urges-peace-talks-to-end-syria-massacre-a23012";

// The article's citations in the three styles, as the cite filter prints them.
function styledOf(article: Citable): Record<"apa" | "mla" | "chicago", string> {
  const styled = citationsOf(citationInput(article, DEFAULT_SITE));
  return { apa: styled.apa!, mla: styled.mla!, chicago: styled.chicago! };
}

function date(value: string): PublicationDate {
  const parsed = parsePublicationDate(value);
  if ("message" in parsed) assert.fail(parsed.message);
  return parsed;
}

const SEED: Citable = {
  title: "Putin Urges Peace Talks to End Syria 'Massacre'",
  authors: ["The Moscow Times"],
  source: "The Moscow Times",
  originalUrl: URL,
  date: date("2013-04-06"),
  lang: null,
};

test("the seed article cites in every style as the CSL styles give it", () => {
  const citation = citeArticle(SEED, DEFAULT_SITE);
  const styled = styledOf(SEED);
  // Signed by the publication: no author, so each style begins as it does for an unsigned article.
  // APA 7: the headline first, then the date.
  assert.equal(styled.apa, `Putin Urges Peace Talks to End Syria “Massacre.” (2013, April 6). <i>The Moscow Times</i>. ${URL}`);
  // MLA 9: the headline in quotes, the month abbreviated.
  assert.equal(styled.mla, `“Putin Urges Peace Talks to End Syria ‘Massacre.’” <i>The Moscow Times</i>, 6 Apr. 2013, ${URL}.`);
  // Chicago 17 (bibliography): an unsigned article is listed under the publication.
  assert.equal(styled.chicago, `The Moscow Times. “Putin Urges Peace Talks to End Syria ‘Massacre,’” April 6, 2013. ${URL}.`);
  assert.equal(citation.bibtex, [
    "@article{themoscowtimes2013putin,",
    "  author = {{The Moscow Times}},",
    "  title = {{Putin Urges Peace Talks to End Syria 'Massacre'}},",
    "  journal = {The Moscow Times},",
    "  date = {2013-04-06},",
    "  year = {2013},",
    "  month = {4},",
    `  url = {${URL}},`,
    "}",
  ].join("\n"));
  assert.equal(webArchiveUrl(SEED), `https://web.archive.org/web/20130406/${URL}`);
});

test("people are cited by family name, in each style's order, and dates keep the publication's own day", () => {
  const article: Citable = {
    title: "Why Talks Failed?",
    authors: ["Jane Q. Doe", "John Roe", "Ann Poe"],
    source: "The Sample Gazette",
    originalUrl: null,
    date: date("2013-12-31T23:30:00-05:00"),
    lang: null,
  };
  const citation = citeArticle(article, DEFAULT_SITE);
  const styled = styledOf(article);
  assert.equal(styled.apa, "Doe, J. Q., Roe, J., &amp; Poe, A. (2013, December 31). Why Talks Failed? <i>The Sample Gazette</i>.");
  assert.equal(styled.mla, "Doe, Jane Q., et al. “Why Talks Failed?” <i>The Sample Gazette</i>, 31 Dec. 2013.");
  assert.equal(styled.chicago, "Doe, Jane Q., John Roe, and Ann Poe. “Why Talks Failed?” <i>The Sample Gazette</i>, December 31, 2013.");
  assert.match(citation.bibtex, /^@article\{doe2013talks,\n {2}author = \{Doe, Jane Q\. and Roe, John and Poe, Ann\},/);
  assert.doesNotMatch(citation.bibtex, /url =/);
  const two = styledOf({ ...article, authors: ["Jane Doe", "John Roe"] });
  assert.ok(two.apa.startsWith("Doe, J., &amp; Roe, J. (2013"), two.apa);
  assert.ok(two.mla.startsWith("Doe, Jane, and John Roe. "), two.mla);
});

test("BibTeX escapes its special characters", () => {
  const citation = citeArticle({ ...SEED, title: "50% of {R&D} costs $5 #1 ~ ^ \\ _", originalUrl: "https://example.org/a{b}" }, DEFAULT_SITE);
  assertIncludes(citation.bibtex, "title = {{50\\% of \\{R\\&D\\} costs \\$5 \\#1 \\textasciitilde{} \\textasciicircum{} \\textbackslash{} \\_}},");
  assertIncludes(citation.bibtex, "url = {https://example.org/a%7Bb%7D},");
});

test("a byline reads as an organisation by its words, or when it is the publication", () => {
  assert.deepEqual(
    ["Reuters", "Associated Press", "The Moscow Times", "Staff Writer", "Jane Doe", "Gazette Desk"].map((name) => isOrganisation(name, "The Sample Gazette")),
    [true, true, true, true, false, true],
  );
  assert.equal(isOrganisation("Sample Gazette", "sample gazette"), true);
});

test("RIS, CSL-JSON and the meta tags reference managers read: persons by family name, organisations as written", () => {
  const two: Citable = { ...SEED, authors: ["Jane Q. Doe", "Reuters"], title: "Talks\nresume" };
  const citation = citeArticle(two, DEFAULT_SITE);
  assert.equal(citation.ris, ["TY  - NEWS", "AU  - Doe, Jane Q.", "AU  - Reuters", "TI  - Talks resume", "T2  - The Moscow Times", "PY  - 2013", "DA  - 2013/04/06", `UR  - ${URL}`, "ER  - ", ""].join("\r\n"));
  assert.deepEqual(JSON.parse(citation.csl), [
    {
      id: "doe2013talks",
      type: "article-newspaper",
      title: "Talks\nresume",
      author: [{ family: "Doe", given: "Jane Q." }, { literal: "Reuters" }],
      "container-title": "The Moscow Times",
      issued: { "date-parts": [[2013, 4, 6]] },
      URL,
      language: "en",
    },
  ]);
  const unsigned = JSON.parse(citeArticle({ ...SEED, authors: [], originalUrl: null }, DEFAULT_SITE).csl)[0];
  assert.equal("author" in unsigned || "URL" in unsigned, false, "no author and no URL when there are none");
  assert.deepEqual(citationMeta(two, "https://archive.example.org/2013/04/06/talks/", "en"), [
    ["citation_title", "Talks\nresume"],
    ["citation_author", "Doe, Jane Q."],
    ["citation_author", "Reuters"],
    ["citation_publication_date", "2013/04/06"],
    ["citation_journal_title", "The Moscow Times"],
    ["citation_public_url", "https://archive.example.org/2013/04/06/talks/"],
    ["citation_language", "en"],
    ["DC.title", "Talks\nresume"],
    ["DC.creator", "Doe, Jane Q."],
    ["DC.creator", "Reuters"],
    ["DC.date", "2013-04-06"],
    ["DC.publisher", "The Moscow Times"],
    ["DC.type", "Text"],
    ["DC.language", "en"],
    ["DC.identifier", "https://archive.example.org/2013/04/06/talks/"],
  ]);
  assert.deepEqual(citationMeta({ ...SEED, lang: "ru" }, "u", "en").filter(([name]) => name.endsWith("language")).map(([, value]) => value), ["ru", "ru"]);
});

test("a page in Russian cites with the Russian locale; titles are never made markup beyond the styles' own formatting", () => {
  const russian = styledOf({ ...SEED, title: "Переговоры в Женеве", authors: ["Иван Петров", "Анна Смирнова"], source: "Ведомости", lang: "ru" });
  assert.equal(russian.mla, `Петров, Иван, и Анна Смирнова. «Переговоры в Женеве». <i>Ведомости</i>, 6 апрель 2013 г., ${URL}.`);
  assert.match(russian.apa, /^Петров, И\., &amp; Смирнова, А\. \(2013, /);
  const hostile = styledOf({ ...SEED, title: `Talks <script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:x">end</a> <i>fine</i>` });
  for (const [style, html] of Object.entries(hostile)) {
    assert.doesNotMatch(html, /<(?!\/?(i|b|sup|sub|span)\b)[a-z]/i, `${style}: only the styles' formatting tags: ${html}`);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/i, `${style}: the rest is text: ${html}`);
    assert.match(html, /<i>fine<\/i>/i, `${style}: CSL rich text in a title stays formatting: ${html}`);
  }
});

test("citations are kept in the cache folder: read back, a damaged line or another code version formatted again", async () => {
  const { forgetCitations, prepareCitations } = await import("../../src/render/citation-styles.ts");
  const cacheDir = await mkdtemp(path.join(tmpdir(), "news-archive-citations-"));
  const file = path.join(cacheDir, "citations.ndjson");
  try {
    const inputs = ["One", "Two", "Three"].map((title) => citationInput({ ...SEED, title }, DEFAULT_SITE));
    const expected = inputs.map((input) => citationsOf(input));
    forgetCitations();
    await prepareCitations(inputs, cacheDir, 1);
    const lines = (await readFile(file, "utf8")).split("\n");
    assert.equal(lines.length, 5, "a header, three entries and the last newline");
    // An entry changed in the file is what the next process reads (so it was read, not formatted again);
    // a line cut short is formatted again.
    const [key, styled] = JSON.parse(lines[1]!) as [string, Record<string, string>];
    lines[1] = JSON.stringify([key, { ...styled, apa: "read from the cache" }]);
    lines[2] = lines[2]!.slice(0, 40);
    await writeFile(file, lines.join("\n"));
    forgetCitations();
    await prepareCitations(inputs, cacheDir, 1);
    assert.deepEqual(inputs.map((input) => citationsOf(input).apa), ["read from the cache", expected[1]!.apa, expected[2]!.apa]);
    // Another code version: nothing in the file is trusted, and it is written afresh.
    await writeFile(file, ["another version", ...lines.slice(1)].join("\n"));
    forgetCitations();
    await prepareCitations(inputs, cacheDir, 1);
    assert.deepEqual(inputs.map((input) => citationsOf(input)), expected);
    assert.notEqual((await readFile(file, "utf8")).split("\n")[0], "another version");
  } finally {
    forgetCitations();
    await rm(cacheDir, { recursive: true, force: true });
  }
});

test("a site's citationStyles choose the styles formatted, in its order; none leaves the data formats", () => {
  const two = citationInput(SEED, { ...DEFAULT_SITE, citationStyles: ["chicago", "apa"] });
  assert.deepEqual(two.styles, ["chicago", "apa"]);
  assert.deepEqual(Object.keys(citationsOf(two)).sort(), ["apa", "chicago"]);
  assert.equal(citationsOf(two).chicago, styledOf(SEED).chicago);
  assert.deepEqual(citationsOf(citationInput(SEED, { ...DEFAULT_SITE, citationStyles: [] })), {});
});
