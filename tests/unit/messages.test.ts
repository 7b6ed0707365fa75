import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { CATALOGUES, counting, formatDate, listSeparators, message, uiLanguage, UI_LANGUAGES } from "../../src/i18n/messages.ts";
import { ROOT } from "../helpers/run.ts";

test("every catalogue has the same keys, and fills in only {names} the English message is given", () => {
  const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
  const [first, ...others] = UI_LANGUAGES;
  for (const lang of others) {
    assert.deepEqual(Object.keys(CATALOGUES[lang]).sort(), Object.keys(CATALOGUES[first]).sort(), `${lang} against ${first}`);
    // A translation may leave a value out ("Опубликовано: 2 статьи" under the month's title), never use one it is not given.
    for (const [key, text] of Object.entries(CATALOGUES[first])) for (const name of names(CATALOGUES[lang][key]!)) assert.ok(names(text).includes(name), `${lang}: ${key} uses {${name}}`);
  }
});

test("every message a template asks for is in the catalogues", async () => {
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) await walk(path.join(dir, entry.name));
      else if (entry.name.endsWith(".njk")) files.push(path.join(dir, entry.name));
    }
  };
  await walk(path.join(ROOT, "templates"));
  const keys = new Set<string>();
  for (const file of files) for (const match of (await readFile(file, "utf8")).matchAll(/["']([a-zA-Z][\w.]*)["']\s*\)?\s*\|\s*t\(/g)) keys.add(match[1]!);
  for (const match of (await readFile(path.join(ROOT, "templates/article.njk"), "utf8")).matchAll(/"(article\.by\w*)"/g)) keys.add(match[1]!);
  // Keys put together from a page's kind: `("period.intro." + listing.kind) | t(ui)`, `("group." + groupKind + ".intro") | t(ui)`.
  for (const kind of ["year", "month", "day"]) for (const key of ["period.intro", "period.description", "period.neighbours"]) keys.add(`${key}.${kind}`);
  for (const kind of ["tags", "authors", "sources"]) for (const key of [`nav.${kind}`, `group.${kind}.intro`, `group.${kind}.empty`, `group.${kind}.indexDescription`]) keys.add(key);
  for (const counted of ["count.article", "noun.article", "count.tags", "count.authors", "count.sources"]) for (const form of ["one", "few", "many", "other"]) keys.add(`${counted}.${form}`);
  assert.ok(keys.size > 30, `found ${keys.size} keys: the pattern no longer matches how templates ask`);
  for (const key of keys) for (const lang of UI_LANGUAGES) assert.ok(Object.hasOwn(CATALOGUES[lang], key), `${key} is not in ${lang}.json`);
});

test("a page's language picks its catalogue by its primary subtag; any other is English", () => {
  assert.deepEqual(["ru", "ru-RU", "RU", "en", "en-GB", "de", "", null, undefined].map(uiLanguage), ["ru", "ru", "ru", "en", "en", "en", "en", "en", "en"]);
  assert.equal(message("ru", "pagination.status", { number: 2, count: 5 }), "Страница 2 из 5");
  assert.throws(() => message("en", "no.such.key"), /No message "no\.such\.key" in the en catalogue/);
});

test("counts follow each language's plural rules", () => {
  assert.deepEqual([1, 2, 5, 21].map((n) => counting("en", "count.article", n)), ["1 article", "2 articles", "5 articles", "21 articles"]);
  assert.deepEqual([1, 2, 5, 21, 22, 25].map((n) => counting("ru", "count.article", n)), ["1 статья", "2 статьи", "5 статей", "21 статья", "22 статьи", "25 статей"]);
});

test("dates in each language: Russian declines the month in a date and capitalises it standing alone", () => {
  const date = { year: 2013, month: 4, day: 6 };
  assert.deepEqual(["day", "month", "monthDay"].map((form) => formatDate("en", date, form as "day")), ["April 6, 2013", "April 2013", "April 6"]);
  assert.deepEqual(["day", "month", "monthDay"].map((form) => formatDate("ru", date, form as "day")), ["6 апреля 2013 г.", "Апрель 2013 г.", "6 апреля"]);
  assert.deepEqual(listSeparators("ru", 3), ["", ", ", " и "]);
  assert.deepEqual(listSeparators("en", 2), ["", " and "]);
});
