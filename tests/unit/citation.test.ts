import { test } from "node:test";
import assert from "node:assert/strict";
import { citationMeta, citeArticle, isOrganisation, webArchiveUrl, type Citable } from "../../src/archive/citation.ts";
import { parsePublicationDate, type PublicationDate } from "../../src/content/dates.ts";
import { assertIncludes } from "../helpers/assert-text.ts";

const URL = "https://www.themoscowtimes.com/2013/04/06/putin-urges-peace-talks-to-end-syria-massacre-a23012";

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
};

test("the seed article cites correctly in every style", () => {
  const citation = citeArticle(SEED);
  // APA 7: a group author who is also the site is named once.
  assert.equal(citation.apa, `The Moscow Times. (2013, April 6). Putin Urges Peace Talks to End Syria 'Massacre'. ${URL}`);
  // MLA 9: no author when it is the publication; month abbreviated; URL without its scheme.
  assert.equal(citation.mla, `"Putin Urges Peace Talks to End Syria 'Massacre.'" The Moscow Times, 6 Apr. 2013, ${URL.replace("https://", "")}.`);
  // Chicago 17: an unsigned article is listed under the publication.
  assert.equal(citation.chicago, `The Moscow Times. "Putin Urges Peace Talks to End Syria 'Massacre.'" April 6, 2013. ${URL}.`);
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
  };
  const citation = citeArticle(article);
  assert.equal(citation.apa, "Doe, J. Q., Roe, J., & Poe, A. (2013, December 31). Why Talks Failed? The Sample Gazette.");
  assert.equal(citation.mla, `Doe, Jane Q., et al. "Why Talks Failed?" The Sample Gazette, 31 Dec. 2013.`);
  assert.equal(citation.chicago, `Doe, Jane Q., John Roe, and Ann Poe. "Why Talks Failed?" The Sample Gazette, December 31, 2013.`);
  assert.match(citation.bibtex, /^@article\{doe2013talks,\n {2}author = \{Doe, Jane Q\. and Roe, John and Poe, Ann\},/);
  assert.doesNotMatch(citation.bibtex, /url =/);
  const two = citeArticle({ ...article, authors: ["Jane Doe", "John Roe"] });
  assert.ok(two.apa.startsWith("Doe, J., & Roe, J. (2013"));
  assert.ok(two.mla.startsWith("Doe, Jane, and John Roe. "));
});

test("BibTeX escapes its special characters", () => {
  const citation = citeArticle({ ...SEED, title: "50% of {R&D} costs $5 #1 ~ ^ \\ _", originalUrl: "https://example.org/a{b}" });
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
  const citation = citeArticle(two);
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
    },
  ]);
  const unsigned = JSON.parse(citeArticle({ ...SEED, authors: [], originalUrl: null }).csl)[0];
  assert.equal("author" in unsigned || "URL" in unsigned, false, "no author and no URL when there are none");
  assert.deepEqual(citationMeta({ ...two, lang: null }, "https://archive.example.org/2013/04/06/talks/", "en"), [
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
