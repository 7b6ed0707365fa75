/// <reference lib="dom" />
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { browserSkipReason, launchBrowser } from "../helpers/browser.ts";
import { ROOT, runCli, tempDir } from "../helpers/run.ts";
import { serveStatic, type StaticServer } from "../helpers/static-server.ts";

const ARTICLE = "/2013/04/06/putin-urges-peace-talks-to-end-syria-massacre/";
const TITLE = "Putin Urges Peace Talks to End Syria 'Massacre'";

/** Searches on the search page and returns the result links (text and href) once they are drawn. */
async function search(page: Page, base: string, term: string): Promise<{ text: string; href: string }[]> {
  await page.goto(`${base}search/`);
  await page.fill(".pagefind-ui__search-input", term);
  await page.waitForSelector(".pagefind-ui__message");
  await page.waitForFunction(() => !document.querySelector(".pagefind-ui__message")?.textContent?.includes("Searching"));
  // Pagefind draws each result once its fragment has loaded, after the count: wait for all of them.
  await page.waitForFunction(() => {
    const count = Number(/^(\d+) results?/.exec(document.querySelector(".pagefind-ui__message")?.textContent ?? "")?.[1] ?? 0);
    return document.querySelectorAll(".pagefind-ui__result-link").length >= Math.min(count, 5);
  });
  return page.$$eval(".pagefind-ui__result-link", (links) => links.map((a) => ({ text: a.textContent ?? "", href: a.getAttribute("href") ?? "" })));
}

const skip = browserSkipReason();

describe("search in a real browser", { skip: skip ?? false }, () => {
  let browser: BrowserContext;
  let shipped: StaticServer;
  let prefixed: StaticServer;

  before(async () => {
    const out = await tempDir();
    assert.equal((await runCli(["build", "--out", out])).code, 0);
    shipped = await serveStatic(out);
    const sample = await tempDir();
    const result = await runCli(["build", "--content", path.join(ROOT, "tests/fixtures/sample"), "--out", sample, "--base-url", "https://example.org/archive/"]);
    assert.equal(result.code, 0, result.stderr);
    prefixed = await serveStatic(sample, "/archive/");
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await shipped?.close();
    await prefixed?.close();
  });

  test('"Assad" finds the seed article, and the result opens it', async () => {
    const page = await browser.newPage();
    try {
      const results = await search(page, `${shipped.url}/`, "Assad");
      assert.deepEqual(results, [{ text: TITLE, href: ARTICLE }]);
      await page.click(".pagefind-ui__result-link");
      await page.waitForURL(`${shipped.url}${ARTICLE}`);
      assert.equal(await page.textContent("h1"), TITLE);
    } finally {
      await page.close();
    }
  });

  test("only headline and body are indexed: words from tags, byline, provenance and citations find nothing", async () => {
    const page = await browser.newPage();
    try {
      assert.equal((await search(page, `${shipped.url}/`, "Massacre")).length, 1, "a headline word");
      // Not "Wayback" or "Archived": Pagefind splits a word it does not know and finds "way" or "arch" in the body.
      for (const term of ["Provenance", "Chicago", "BibTeX", "Diplomacy", "Related"]) {
        assert.deepEqual(await search(page, `${shipped.url}/`, term), [], term);
      }
    } finally {
      await page.close();
    }
  });

  test("filters by tag, author, source and year are offered, and a year narrows the results", async () => {
    const page = await browser.newPage();
    try {
      await search(page, `${shipped.url}/`, "Assad");
      const expected = ["author: The Moscow Times", "source: The Moscow Times", "year: 2013", "tag: Syria", "tag: Bashar Assad"];
      const offeredNow = () => page.$$eval(".pagefind-ui__filter-checkbox", (boxes) => boxes.map((b) => `${b.getAttribute("name")}: ${b.getAttribute("value")}`));
      // Pagefind's UI adds the filters as it loads them, which can come after the results on a busy machine.
      let offered = await offeredNow();
      for (let i = 0; i < 100 && !expected.every((filter) => offered.includes(filter)); i++) {
        await page.waitForTimeout(100);
        offered = await offeredNow();
      }
      for (const filter of expected) {
        assert.ok(offered.includes(filter), `${filter} in ${offered.join(", ")}`);
      }

      const all = await search(page, `${prefixed.url}/archive/`, "Syria");
      assert.ok(all.some((r) => r.href.startsWith("/archive/2013/")) && all.some((r) => r.href.startsWith("/archive/2014/")), JSON.stringify(all));
      await page.click(".pagefind-ui__filter-name:text('Year')");
      await page.check("input[name=year][value='2014']");
      // Pagefind empties the list before it shows the narrowed results: wait for results again.
      const onlyYear = (year: string) => page.$$eval(".pagefind-ui__result-link", (links, year) => links.length > 0 && links.every((a) => a.getAttribute("href")?.startsWith(`/archive/${year}/`)), year);
      await page.waitForFunction(() => document.querySelectorAll(".pagefind-ui__result-link").length > 0 && document.querySelector(".pagefind-ui__message")?.textContent !== "", undefined, { timeout: 10_000 });
      for (let i = 0; i < 100 && !(await onlyYear("2014")); i++) await page.waitForTimeout(100);
      const narrowed = await page.$$eval(".pagefind-ui__result-link", (links) => links.map((a) => a.getAttribute("href") ?? ""));
      assert.ok(narrowed.length > 0 && narrowed.length < all.length && narrowed.every((href) => href.startsWith("/archive/2014/")), `${narrowed.join(", ")} of ${all.length}`);
    } finally {
      await page.close();
    }
  });

  test("names that are markup show as text in the filters and results, and run nothing", async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    try {
      // The sample's article "Braces <script>…" is by "<img src=x onerror=alert(1)>" and tagged "<b>bold</b>".
      const results = await search(page, `${prefixed.url}/archive/`, "Braces");
      assert.equal(results.length, 1);
      const labels = await page.$$eval(".pagefind-ui__filter-label", (labels) => labels.map((label) => label.textContent?.replace(/ \(\d+\)$/, "")));
      assert.ok(labels.includes("<img src=x onerror=alert(1)>") && labels.includes("<b>bold</b>"), labels.join(" | "));
      assert.equal(await page.locator(".pagefind-ui__filter-panel img, .pagefind-ui__filter-panel b").count(), 0, "no element made from a name");
      assert.match((await page.textContent(".pagefind-ui__result-tags")) ?? "", /By: <img src=x onerror=alert\(1\)>/);
      await page.waitForTimeout(300); // an image that failed to load would have fired onerror by now
      assert.deepEqual(dialogs, []);
    } finally {
      await page.close();
    }
  });

  test("on a 375 px phone the filters leave the first result in view", async () => {
    const page = await browser.newPage();
    try {
      await page.setViewportSize({ width: 375, height: 667 });
      await search(page, `${prefixed.url}/archive/`, "Syria");
      const top = await page.$eval(".pagefind-ui__result", (result) => result.getBoundingClientRect().top);
      assert.ok(top < 667 - 100, `the first result starts at ${top}px`);
    } finally {
      await page.close();
    }
  });

  test("under a path prefix, results link inside the prefix and a query in the address searches at once", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${prefixed.url}/archive/search/?q=Syria`);
      await page.waitForSelector(".pagefind-ui__result-link");
      const hrefs = await page.$$eval(".pagefind-ui__result-link", (links) => links.map((a) => a.getAttribute("href") ?? ""));
      assert.ok(hrefs.length > 0);
      for (const href of hrefs) {
        assert.match(href, /^\/archive\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9-]+\/$/);
        assert.equal((await fetch(`${prefixed.url}${href}`)).status, 200, href);
      }
    } finally {
      await page.close();
    }
  });

  test("the 404 page's search box sends its words to the search page", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${shipped.url}/no/such/page/`);
      await page.fill("#not-found-search", "Assad");
      await page.press("#not-found-search", "Enter");
      await page.waitForSelector(".pagefind-ui__result-link");
      assert.equal(await page.textContent(".pagefind-ui__result-link"), TITLE);
    } finally {
      await page.close();
    }
  });
});

/** An article of the split-index archive: one rare word in its body, and a tag. */
function yearArticle(title: string, date: string, tag: string, body: string): string {
  return `---\ntitle: ${title}\ndate: ${date}\nauthor: Jane Roe\nsource: The Sample Gazette\ntags: [${tag}, World]\n---\n\n${body}\n`;
}

describe("a search index split by year, searched as one", { skip: skip ?? false }, () => {
  let browser: BrowserContext;
  let server: StaticServer;
  let content: string;
  let out: string;

  const build = async () => {
    const result = await runCli(["build", "--content", content, "--out", out]);
    assert.equal(result.code, 0, result.stderr);
    return result.stdout;
  };
  const hrefs = async (term: string) => {
    const page = await browser.newPage();
    try {
      return (await search(page, `${server.url}/`, term)).map((result) => result.href).sort();
    } finally {
      await page.close();
    }
  };

  before(async () => {
    content = await tempDir();
    out = path.join(await tempDir(), "site");
    await mkdir(path.join(content, "articles"), { recursive: true });
    const articles: [string, string, string, string][] = [
      ["Harbour Report", "2011-03-04", "Economy", "The harbour saw a quokkalith shipment."],
      ["Mountain Report", "2012-07-08", "Economy", "A zephyrine storm crossed the mountain."],
      ["Valley Report", "2013-09-10", "Sport", "The valley race had a brimquist finish."],
      ["Another Valley Report", "2013-10-11", "Economy", "A second brimquist race in the valley."],
    ];
    for (const [title, date, tag, body] of articles) await writeFile(path.join(content, "articles", `${title.toLowerCase().replaceAll(" ", "-")}.md`), yearArticle(title, date, tag, body));
    assert.match(await build(), /^Indexed 4 pages for search \(3 of 3 bundles; the others unchanged\)/m);
    server = await serveStatic(out);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test("a word from each year's bundle is found from the one search page", async () => {
    assert.deepEqual(await hrefs("quokkalith"), ["/2011/03/04/harbour-report/"]);
    assert.deepEqual(await hrefs("zephyrine"), ["/2012/07/08/mountain-report/"]);
    assert.deepEqual(await hrefs("brimquist"), ["/2013/09/10/valley-report/", "/2013/10/11/another-valley-report/"]);
  });

  test("filters are offered across bundles, and a tag narrows results from several bundles", async () => {
    const page = await browser.newPage();
    try {
      const all = await search(page, `${server.url}/`, "report");
      assert.equal(all.length, 4, JSON.stringify(all));
      const offered = await page.$$eval(".pagefind-ui__filter-checkbox", (boxes) => boxes.map((b) => `${b.getAttribute("name")}: ${b.getAttribute("value")}`));
      for (const filter of ["year: 2011", "year: 2012", "year: 2013", "tag: Economy", "tag: Sport"]) assert.ok(offered.includes(filter), `${filter} in ${offered.join(", ")}`);
      await page.click(".pagefind-ui__filter-name:text('Tag')");
      await page.check("input[name=tag][value='Economy']");
      const narrowed = () => page.$$eval(".pagefind-ui__result-link", (links) => links.map((a) => a.getAttribute("href") ?? "").sort());
      for (let i = 0; i < 100 && (await narrowed()).length !== 3; i++) await page.waitForTimeout(100);
      assert.deepEqual(await narrowed(), ["/2011/03/04/harbour-report/", "/2012/07/08/mountain-report/", "/2013/10/11/another-valley-report/"]);
    } finally {
      await page.close();
    }
  });

  test("the reader orders results newest or oldest first across bundles, with a filter too, and the address keeps the order", async () => {
    const page = await browser.newPage();
    try {
      const shown = () => page.$$eval(".pagefind-ui__result-link", (links) => links.map((a) => a.getAttribute("href") ?? ""));
      const waitFor = async (expected: string[]) => {
        for (let i = 0; i < 100 && JSON.stringify(await shown()) !== JSON.stringify(expected); i++) await page.waitForTimeout(100);
        assert.deepEqual(await shown(), expected);
      };
      const newest = ["/2013/10/11/another-valley-report/", "/2013/09/10/valley-report/", "/2012/07/08/mountain-report/", "/2011/03/04/harbour-report/"];
      await page.goto(`${server.url}/search/?q=report&order=newest`);
      assert.equal(await page.inputValue("#search-order"), "newest");
      await waitFor(newest);
      await page.selectOption("#search-order", "oldest");
      await waitFor([...newest].reverse());
      assert.match(page.url(), /[?&]order=oldest(&|$)/);
      await page.click(".pagefind-ui__filter-name:text('Tag')");
      await page.check("input[name=tag][value='Economy']");
      await waitFor(["/2011/03/04/harbour-report/", "/2012/07/08/mountain-report/", "/2013/10/11/another-valley-report/"]);
      await page.selectOption("#search-order", "newest");
      await waitFor(["/2013/10/11/another-valley-report/", "/2012/07/08/mountain-report/", "/2011/03/04/harbour-report/"]);
      await page.selectOption("#search-order", "relevance");
      for (let i = 0; i < 100 && (await shown()).length !== 3; i++) await page.waitForTimeout(100);
      assert.deepEqual((await shown()).sort(), ["/2011/03/04/harbour-report/", "/2012/07/08/mountain-report/", "/2013/10/11/another-valley-report/"]);
    } finally {
      await page.close();
    }
  });

  test("after an edit only its year is indexed again: a new word is found, a removed one is not; a deleted article disappears", async () => {
    const mountain = path.join(content, "articles", "mountain-report.md");
    await writeFile(mountain, (await readFile(mountain, "utf8")).replace("zephyrine", "glimmerwold"));
    assert.match(await build(), /^Indexed 1 page for search \(1 of 3 bundles; the others unchanged\)/m);
    assert.deepEqual(await hrefs("glimmerwold"), ["/2012/07/08/mountain-report/"]);
    assert.deepEqual(await hrefs("zephyrine"), []);

    await rm(path.join(content, "articles", "valley-report.md"));
    await build();
    assert.deepEqual(await hrefs("brimquist"), ["/2013/10/11/another-valley-report/"]);
    assert.deepEqual(await hrefs("quokkalith"), ["/2011/03/04/harbour-report/"], "the other bundles still answer");
  });
});
