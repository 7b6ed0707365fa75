/// <reference lib="dom" />
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { BrowserContext } from "playwright-core";
import { browserSkipReason, launchBrowser } from "../helpers/browser.ts";
import http from "node:http";
import { fingerprint, FIXED_EPOCH, LAUNCHER, ROOT, runCli, runCliProcess, tempDir } from "../helpers/run.ts";

const skip = browserSkipReason();

/** Starts `npm start`'s command on a copy of the sample content; resolves with its URL from the first line. */
async function startPreview(content: string, args: string[] = []): Promise<{ url: string; out: string; child: ChildProcess; output: () => string }> {
  const out = path.join(await tempDir(), "_preview");
  const child = spawn(process.execPath, [LAUNCHER, "serve", "--content", content, "--out", out, ...args], {
    cwd: ROOT,
    env: { ...process.env, SOURCE_DATE_EPOCH: FIXED_EPOCH },
  });
  let text = "";
  child.stdout!.on("data", (chunk) => (text += chunk));
  child.stderr!.on("data", (chunk) => (text += chunk));
  for (let i = 0; i < 300; i++) {
    const url = /Preview at (http:\/\/\S+\/)/.exec(text)?.[1];
    if (url) return { url, out, child, output: () => text };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`the preview did not start:\n${text}`);
}

describe("the local preview", () => {
  let content: string;
  let preview: Awaited<ReturnType<typeof startPreview>>;

  before(async () => {
    content = await tempDir();
    await cp(path.join(ROOT, "tests/fixtures/sample"), content, { recursive: true });
    preview = await startPreview(content, ["--port", "18080"]);
  });
  after(() => preview?.child.kill());

  test("listens on 127.0.0.1 only, and shows drafts", async () => {
    assert.match(preview.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(`${preview.url}2014/03/01/unfinished-draft/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /badge--draft/);
    const outside = Object.values(os.networkInterfaces()).flat().find((address) => address && address.family === "IPv4" && !address.internal);
    if (!outside) return; // a machine with no other interface has nothing to reach
    const port = Number(new URL(preview.url).port);
    const reached = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, outside.address, () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    assert.equal(reached, false, `the preview answered on ${outside.address}`);
  });

  test("has a search index of every article, drafts included", async () => {
    const searchPage = await (await fetch(`${preview.url}search/`)).text();
    const bundles = /data-bundles="([^"]*)"/.exec(searchPage)?.[1]?.split(" ") ?? [];
    assert.ok(bundles.length > 0, "the search page names the index's bundles");
    let pages = 0;
    for (const bundle of bundles) {
      const response = await fetch(`${preview.url}${bundle.slice(1)}pagefind-entry.json`);
      assert.equal(response.status, 200, bundle);
      const entry = (await response.json()) as { languages: Record<string, { page_count: number }> };
      pages += Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
    }
    assert.equal(pages, 8);
  });

  test("a port asked for by name that is busy is an error, not another port", async () => {
    const port = new URL(preview.url).port;
    const out = path.join(await tempDir(), "_preview");
    const second = await runCliProcess(["serve", "--content", content, "--out", out, "--port", port]);
    assert.equal(second.code, 2);
    assert.equal(second.stderr, `Port ${port} is in use by another program.\nChoose another with --port N, or leave --port out to take the next free one.\n`);
  });

  test("answers only requests addressed to it, so a DNS-rebinding page cannot read drafts", async () => {
    const { port } = new URL(preview.url);
    const get = (host: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        http.get({ host: "127.0.0.1", port, path: "/2014/03/01/unfinished-draft/", headers: { host } }, (response) => {
          let body = "";
          response.on("data", (chunk) => (body += chunk));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
        }).on("error", reject);
      });
    const evil = await get(`evil.example:${port}`);
    assert.equal(evil.status, 403);
    assert.doesNotMatch(evil.body, /draft/i);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, "LOCALHOST"]) assert.equal((await get(host)).status, 200, host);
  });

  test("deleting an article removes its page", async () => {
    const file = path.join(content, "articles/2014/syria-aid.md");
    const saved = await readFile(file, "utf8");
    assert.equal((await fetch(`${preview.url}2014/01/15/syria-aid/`)).status, 200);
    await rm(file);
    await waitFor(async () => (await fetch(`${preview.url}2014/01/15/syria-aid/`)).status === 404);
    await writeFile(file, saved);
    await waitFor(async () => (await fetch(`${preview.url}2014/01/15/syria-aid/`)).status === 200);
  });

  test("articles saved with another title or date, added and deleted: the preview's folder becomes what a build gives", async () => {
    const talks = path.join(content, "articles/2013/syria-talks.md");
    const ceasefire = path.join(content, "articles/2013/syria-ceasefire.md");
    const eve = path.join(content, "articles/2013/new-years-eve-in-new-york.md");
    const added = path.join(content, "articles/2014/a-spring-article.md");
    const saved = await Promise.all([talks, ceasefire, eve].map((file) => readFile(file, "utf8")));
    // Everything but the marker, which says whose folder it is.
    const site = async (dir: string) => Object.fromEntries(Object.entries(await fingerprint(dir)).filter(([name]) => name !== ".news-archive-output"));
    try {
      await writeFile(talks, saved[0]!.replace("title: Syria Talks Resume", "title: Syria Talks Resume at Last"));
      await writeFile(ceasefire, saved[1]!.replace(/^date: .*$/m, "date: 2012-01-05"));
      await rm(eve);
      await writeFile(added, "---\ntitle: A Spring Article\ndate: 2014-03-01\nsource: The Sample Gazette\ntags: [Syria, Diplomacy]\n---\n\nA new article about Syria.\n");
      const built = path.join(await tempDir(), "built");
      const result = await runCli(["build", "--content", content, "--out", built, "--drafts", "--no-cache"]);
      assert.equal(result.code, 0, result.stderr);
      const expected = await site(built);
      let last: Record<string, string> = {};
      await waitFor(async () => JSON.stringify((last = await site(preview.out))) === JSON.stringify(expected), 30_000).catch(() => assert.deepEqual(last, expected));
    } finally {
      await Promise.all([talks, ceasefire, eve].map((file, i) => writeFile(file, saved[i]!)));
      await rm(added);
    }
  });

  test("a new paragraph in an article with a photo: the preview's folder becomes what a build gives, its photo's files kept", async () => {
    const ceasefire = path.join(content, "articles/2013/syria-ceasefire.md");
    const saved = await readFile(ceasefire, "utf8");
    const site = async (dir: string) => Object.fromEntries(Object.entries(await fingerprint(dir)).filter(([name]) => name !== ".news-archive-output"));
    try {
      await writeFile(ceasefire, `${saved}\nMonitors reported calm overnight.\n`);
      const built = path.join(await tempDir(), "built");
      const result = await runCli(["build", "--content", content, "--out", built, "--drafts", "--no-cache"]);
      assert.equal(result.code, 0, result.stderr);
      const expected = await site(built);
      assert.ok(Object.keys(expected).some((name) => name.startsWith("img/")), "the build has the photo's files");
      let last: Record<string, string> = {};
      await waitFor(async () => JSON.stringify((last = await site(preview.out))) === JSON.stringify(expected), 30_000).catch(() => assert.deepEqual(last, expected));
    } finally {
      await writeFile(ceasefire, saved);
    }
  });

  describe("in a real browser", { skip: skip ?? false }, () => {
    let browser: BrowserContext;
    before(async () => {
      browser = await launchBrowser();
    });
    after(async () => browser?.close());

    test("an edit reloads the open page; a breaking edit shows a banner and keeps the last good page", async () => {
      const page = await browser.newPage();
      const file = path.join(content, "articles/2013/syria-talks.md");
      const original = await readFile(file, "utf8");
      await page.goto(`${preview.url}2013/05/02/syria-talks/`);
      await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Syria Talks Resume");

      await writeFile(file, original.replace("title: Syria Talks Resume", "title: Syria Talks Resume Today"));
      await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Syria Talks Resume Today", undefined, { timeout: 10_000 });

      await writeFile(file, original.replace("date: 2013-05-02", "date: 2013-13-02").replace("title: Syria Talks Resume", "title: <script>alert(1)</script>"));
      const banner = page.locator("#news-archive-problems");
      await banner.waitFor({ timeout: 10_000 });
      const text = await banner.textContent();
      assert.match(text ?? "", /articles\/2013\/syria-talks\.md:3: date: "2013-13-02" is not a valid date; write YYYY-MM-DD, e.g\. "2013-12-02"\./);
      assert.equal(await page.locator("h1").textContent(), "Syria Talks Resume Today", "the last good page stays");
      assert.match(preview.output(), /syria-talks\.md:3: date: "2013-13-02" is not a valid date/);

      await writeFile(file, original);
      await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Syria Talks Resume" && !document.querySelector("#news-archive-problems"), undefined, { timeout: 10_000 });
      await page.close();
    });

    test("a word saved into an article is found by search a moment later: its year is indexed again", async () => {
      const file = path.join(content, "articles/2013/syria-ceasefire.md");
      const original = await readFile(file, "utf8");
      const page = await browser.newPage();
      // The result links, or null when the page gave none in time: loaded while the preview was
      // rewriting the index, it may have found half of it (a reader would reload, as waitFor does).
      // The open page reloads itself after each rebuild; a reload that lands while the page is
      // read (aborting goto, or replacing the document under $$eval) is "not yet" too.
      const reloaded = (error: Error): null => {
        if (/net::ERR_ABORTED|Execution context was destroyed/.test(error.message)) return null;
        throw error;
      };
      const found = async (word: string): Promise<(string | null)[] | null> => {
        try {
          await page.goto(`${preview.url}search/?q=${word}`);
          // Pagefind prints the count, then draws each result once its fragment has loaded.
          const drawn = await page.waitForFunction(() => {
            const message = document.querySelector(".pagefind-ui__message")?.textContent ?? "";
            const count = Number(/^(\d+) results? for/.exec(message)?.[1] ?? (message.startsWith("No results") ? 0 : NaN));
            return document.querySelectorAll(".pagefind-ui__result-link").length === count;
          }, undefined, { timeout: 10_000 }).then(() => true, () => false);
          return drawn ? await page.$$eval(".pagefind-ui__result-link", (links) => links.map((a) => a.getAttribute("href"))) : null;
        } catch (error) {
          return reloaded(error as Error);
        }
      };
      try {
        let links: (string | null)[] | null = null;
        await waitFor(async () => (links = await found("quillotrope")) !== null);
        assert.deepEqual(links, []);
        await writeFile(file, `${original}\nA word: quillotrope.\n`);
        await waitFor(async () => (links = await found("quillotrope"))?.length === 1, 30_000);
        assert.deepEqual(links, ["/2013/06/10/syria-ceasefire/"]);
        await writeFile(file, original);
        await waitFor(async () => (await found("quillotrope"))?.length === 0, 30_000);
      } finally {
        await page.close();
      }
    });

    test("starts on broken content: the problems show in a banner until a fix, then the site appears", async () => {
      const broken = await tempDir();
      await cp(path.join(ROOT, "tests/fixtures/sample"), broken, { recursive: true });
      const file = path.join(broken, "articles/2013/syria-talks.md");
      const original = await readFile(file, "utf8");
      await writeFile(file, original.replace("date: 2013-05-02", "date: 2013-13-02"));
      const started = await startPreview(broken);
      try {
        assert.doesNotMatch(started.output(), /\n\s+at /, "no stack trace");
        assert.match(started.output(), /1 problem: the preview shows an empty site with the problems until they are fixed\./);
        const page = await browser.newPage();
        await page.goto(started.url);
        const banner = page.locator("#news-archive-problems");
        await banner.waitFor({ timeout: 10_000 });
        assert.match((await banner.textContent()) ?? "", /syria-talks\.md:3: date: "2013-13-02" is not a valid date/);
        await page.screenshot({ path: path.join(await tempDir(), "preview-broken-start.png") });
        await writeFile(file, original);
        await page.waitForFunction(() => !document.querySelector("#news-archive-problems") && document.querySelectorAll("article, .article-list li").length > 0, undefined, { timeout: 15_000 });
        assert.equal((await fetch(`${started.url}2013/05/02/syria-talks/`)).status, 200);
        await page.close();
      } finally {
        started.child.kill();
      }
    });
  });
});

async function waitFor(check: () => Promise<boolean>, timeout = 10_000): Promise<void> {
  const until = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
