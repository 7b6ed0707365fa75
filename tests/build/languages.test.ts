import { before, test } from "node:test";
import assert from "node:assert/strict";
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fingerprint, page, ROOT, runCli, tempDir } from "../helpers/run.ts";
import { assertIncludes } from "../helpers/assert-text.ts";

const SAMPLE = path.join(ROOT, "tests/fixtures/sample");
const RUSSIAN = "/2013/06/10/peregovory-v-zheneve/";
let english: string; // the sample as it is: an English site with one Russian article
let russian: string; // the same with "language": "ru" and "citationStyles": ["mla"] in site.json

before(async () => {
  english = await tempDir();
  assert.equal((await runCli(["build", "--content", SAMPLE, "--out", english])).code, 0);
  const content = await tempDir();
  await cp(SAMPLE, content, { recursive: true });
  const settings = path.join(content, "site.json");
  await writeFile(settings, (await readFile(settings, "utf8")).replace('"language": "en"', '"language": "ru", "citationStyles": ["mla"]'));
  russian = await tempDir();
  const result = await runCli(["build", "--content", content, "--out", russian]);
  assert.equal(result.code, 0, result.stderr);
});

test("a Russian article on an English site speaks Russian: its page's language, words, byline and dates; the site's pages stay English", async () => {
  const html = await page(english, RUSSIAN);
  assertIncludes(html, '<html lang="ru">');
  assertIncludes(html, '<a class="skip-link" href="#main">Перейти к содержанию</a>');
  assertIncludes(html, '<li><a href="/">Главная</a></li><li><a href="/2013/">2013</a></li><li><a href="/2013/06/">Июнь 2013 г.</a></li><li><a href="/2013/06/10/">10 июня 2013 г.</a></li>');
  assertIncludes(html, 'Авторы: <a href="/authors/ivan-petrov/" rel="author">Иван Петров</a> и <a href="/authors/anna-smirnova/" rel="author">Анна Смирнова</a>');
  assertIncludes(html, '<time datetime="2013-06-10T18:00:00+04:00">10 июня 2013 г.</time>');
  assertIncludes(html, 'Обновлено <time datetime="2013-06-12">12 июня 2013 г.</time>');
  assertIncludes(html, '<h2 id="same-day-title">Ещё за 10 июня 2013 г.</h2>');
  assertIncludes(html, '"name":"Июнь 2013 г.","item":"https://sample.example/2013/06/"', "the breadcrumb JSON-LD says what the trail says");
  assert.doesNotMatch(html.replace(/<pre[\s\S]*?<\/pre>/g, ""), /\b(Skip to content|Related articles|min read|Provenance|Updated)\b/, "no English words outside the citations");
  // Its citations use the CSL project's Russian locale.
  assertIncludes(html, "Петров, Иван, и Анна Смирнова. «Переговоры по Сирии возобновятся в Женеве». <i>The Sample Gazette</i>, 10 июнь 2013 г.");
  const english_ = await page(english, "/2013/06/10/syria-ceasefire/");
  assertIncludes(english_, '<html lang="en">');
  assertIncludes(english_, "<h2 id=\"same-day-title\">More from June 10, 2013</h2>");
  assertIncludes(await page(english, "/"), '<h1 class="page-title">Latest articles</h1>');
});

test("on a Russian site every page speaks Russian, with Russian plurals", async () => {
  assertIncludes(await page(russian, "/"), '<h1 class="page-title">Новые статьи</h1>');
  assertIncludes(await page(russian, "/page/2/"), "<title>Новые статьи, страница 2 · Sample Archive</title>");
  assertIncludes(await page(russian, "/tags/syria/"), "<p class=\"page-intro\">Статьи с темой «Syria»: 4 статьи · <a href=\"/tags/syria/feed.xml\">Лента Atom</a></p>");
  assertIncludes(await page(russian, "/2013/06/"), '<p class="page-intro">Опубликовано: 2 статьи</p>');
  assertIncludes(await page(russian, "/archive/"), '<p class="page-intro">6 статей по годам и месяцам</p>');
  assertIncludes(await page(russian, "/tags/"), '<h1 class="page-title">Темы</h1>');
  assertIncludes(await readFile(path.join(russian, "404.html"), "utf8"), '<h1 class="page-title">Страница не найдена</h1>');
  const article = await page(russian, "/2013/12/31/new-years-eve-in-new-york/");
  assertIncludes(article, '<html lang="ru">', "an article without lang is in the site's language");
  assertIncludes(article, "<time datetime=\"2013-12-31T23:30:00-05:00\">31 декабря 2013 г.</time>");
});

test("an article whose language changes is built as a clean build would build it (its byline's words move with it)", async () => {
  const content = await tempDir();
  await cp(SAMPLE, content, { recursive: true });
  const out = await tempDir();
  await new Promise((resolve) => setTimeout(resolve, 50)); // files written within a clock tick of a build are never taken as unchanged
  assert.equal((await runCli(["build", "--content", content, "--out", out])).code, 0);
  const file = path.join(content, "articles/2013/new-years-eve-in-new-york.md");
  await writeFile(file, (await readFile(file, "utf8")).replace("title:", "lang: ru\ntitle:"));
  assert.equal((await runCli(["build", "--content", content, "--out", out])).code, 0);
  assertIncludes(await page(out, "/2013/12/31/new-years-eve-in-new-york/"), 'Авторы: <a href="/authors/jane-doe/" rel="author">Jane Doe</a> и <a href="/authors/john-roe/"');
  const clean = await tempDir();
  assert.equal((await runCli(["build", "--content", content, "--out", clean, "--no-cache"])).code, 0);
  assert.deepEqual(await fingerprint(out), await fingerprint(clean));
});

test("a site's citationStyles are the styles its article pages print; BibTeX, RIS and CSL-JSON stay", async () => {
  const html = await page(russian, "/2013/06/10/syria-ceasefire/");
  assertIncludes(html, '<p class="citation__text" id="cite-mla"');
  for (const style of ["apa", "chicago"]) assert.ok(!html.includes(`id="cite-${style}"`), style);
  assertIncludes(html, '<pre class="citation__text" id="cite-bibtex"');
  assertIncludes(html, "download=\"syria-ceasefire.ris\"");
  assert.ok((await page(english, "/2013/06/10/syria-ceasefire/")).includes('id="cite-apa"'), "the default is all three");
});
