/// <reference lib="dom" />
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import axe from "axe-core";
import type { BrowserContext, Page } from "playwright-core";
import { browserSkipReason, launchBrowser } from "../helpers/browser.ts";
import { ROOT, runCli, tempDir } from "../helpers/run.ts";
import { serveStatic, type StaticServer } from "../helpers/static-server.ts";
import { message, uiLanguage } from "../../src/i18n/messages.ts";

const SCREENSHOTS = path.join(ROOT, "test-output/screenshots");
const WIDTHS = [320, 1280] as const;

/** Every page kind, in the two sites that between them show all of them. */
const SITES = {
  // The shipped content, as production builds it on an anniversary of the seed (the home page shows "On this day").
  shipped: { args: [] as string[], env: { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 3, 6, 12) / 1000) }, pages: {
    article: "/2013/04/06/putin-urges-peace-talks-to-end-syria-massacre/", home: "/", "tag-index": "/tags/", tag: "/tags/syria/",
    archive: "/archive/", year: "/2013/", month: "/2013/04/", day: "/2013/04/06/", "author-index": "/authors/", author: "/authors/the-moscow-times/",
    "source-index": "/sources/", source: "/sources/the-moscow-times/", search: "/search/?q=Assad", "not-found-page": "/404.html",
  } },
  // The sample fixture as the preview builds it: pagination, draft and scheduled badges, the preview banner.
  sample: { args: ["--content", path.join(ROOT, "tests/fixtures/sample"), "--drafts"], env: {}, pages: { "home-page-2": "/page/2/", "tag-page-2": "/tags/syria/page/2/", "corrected-article": "/2013/06/10/syria-ceasefire/", "russian-article": "/2013/06/10/peregovory-v-zheneve/", "draft-article": "/2014/03/01/unfinished-draft/", "hostile-article": "/2014/02/01/template-syntax/", "not-found": "/no/such/page/" } },
};

/** Pages that finish drawing after load: the selector that says they are done. */
const READY: Record<string, string> = { search: ".pagefind-ui__result-link" };

const skip = browserSkipReason();
if (skip) console.log(`# ${skip}`);

describe("pages in a real browser", { skip: skip ?? false, concurrency: 3 }, () => {
  let browser: BrowserContext;
  const servers: Record<string, StaticServer> = {};

  before(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    for (const [name, site] of Object.entries(SITES)) {
      const out = await tempDir();
      const result = await runCli(["build", "--out", out, ...site.args], site.env);
      assert.equal(result.code, 0, result.stderr);
      servers[name] = await serveStatic(out);
    }
    browser = await launchBrowser({ bypassCSP: true }); // axe is injected as an inline script
  });

  after(async () => {
    await browser?.close();
    await Promise.all(Object.values(servers).map((server) => server.close()));
  });

  for (const [siteName, site] of Object.entries(SITES)) {
    for (const [kind, url] of Object.entries(site.pages)) {
      test(`${kind} (${url}): no axe violations in light and dark, no sideways scroll, screenshots`, async () => {
        const page = await browser.newPage();
        try {
          for (const scheme of ["light", "dark"] as const) {
            await page.emulateMedia({ colorScheme: scheme });
            for (const width of WIDTHS) {
              await page.setViewportSize({ width, height: 900 });
              await page.goto(`${servers[siteName]!.url}${url}`);
              if (READY[kind]) await page.waitForSelector(READY[kind]);
              // What a reader can open is checked open (an article's "Cite this article").
              await page.evaluate(() => document.querySelectorAll("details").forEach((details) => (details.open = true)));
              const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
              assert.ok(scrollWidth <= innerWidth, `${url} scrolls sideways at ${width}px (${scrollWidth} > ${innerWidth})`);
              await page.screenshot({ path: path.join(SCREENSHOTS, `${kind}-${width}-${scheme}.png`), fullPage: true });
              assert.deepEqual(await axeViolations(page), [], `${url} at ${width}px, ${scheme}`);
            }
          }
        } finally {
          await page.close();
        }
      });

      test(`${kind} (${url}): the skip link is the first stop, visibly focused, and moves focus to the content`, async () => {
        const page = await browser.newPage();
        try {
          await page.goto(`${servers[siteName]!.url}${url}`);
          await page.keyboard.press("Tab");
          const focused = await page.evaluate(() => {
            const el = document.activeElement as HTMLElement;
            const style = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            return { text: el.textContent, href: el.getAttribute("href"), outline: style.outlineStyle, outlineWidth: style.outlineWidth, top: box.top, height: box.height, lang: document.documentElement.lang };
          });
          // In the page's language: "Skip to content", "Перейти к содержанию".
          assert.deepEqual({ text: focused.text, href: focused.href }, { text: message(uiLanguage(focused.lang), "skipLink"), href: "#main" });
          assert.notEqual(focused.outline, "none", "focus is visible");
          assert.notEqual(focused.outlineWidth, "0px");
          assert.ok(focused.top >= 0 && focused.height > 0, "the focused skip link is on screen");
          await page.keyboard.press("Enter");
          assert.equal(await page.evaluate(() => document.activeElement?.id), "main");
        } finally {
          await page.close();
        }
      });
    }
  }

  test("an article's old URL sends the reader on to the article; held there, its page has no axe violations at either width", async () => {
    const page = await browser.newPage();
    try {
      const base = servers.sample!.url;
      await page.goto(`${base}/2013/05/01/geneva-talks/`);
      await page.waitForURL(`${base}/2013/05/02/syria-talks/`);
      assert.equal(await page.locator("h1").textContent(), "Syria Talks Resume");
      // As a reader sees it before the refresh (a slow network, or refresh turned off): the refresh taken out.
      await page.route("**/news/syria-talks.html", async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, body: (await response.text()).replace(/<meta http-equiv="refresh"[^>]*>/, "") });
      });
      for (const scheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 900 });
          await page.goto(`${base}/news/syria-talks.html`);
          assert.equal(await page.locator("h1").textContent(), "This article has moved");
          await page.screenshot({ path: path.join(SCREENSHOTS, `alias-${width}-${scheme}.png`), fullPage: true });
          assert.deepEqual(await axeViolations(page), [], `the alias page at ${width}px, ${scheme}`);
        }
      }
    } finally {
      await page.close();
    }
  });

  test("the axe gate fails on a deliberately broken page, naming the rule", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${servers.shipped!.url}/tags/`);
      await page.evaluate(() => {
        const img = document.createElement("img");
        img.src = "/favicon.svg";
        document.querySelector("main")!.append(img);
      });
      assert.deepEqual(await axeViolations(page), ["image-alt: img (Element does not have an alt attribute)"]);
    } finally {
      await page.close();
    }
  });

  test("the 404 page is what a missing URL shows", async () => {
    const response = await fetch(`${servers.sample!.url}/no/such/page/`);
    assert.equal(response.status, 404);
    assert.match(await response.text(), /<h1 class="page-title">Page not found<\/h1>/);
  });
});

/** axe-core's WCAG 2.1 A and AA rules, run in the page; returns "rule: target" per violating node. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")} (${n.failureSummary?.split("\n")[1]?.trim() ?? v.help})`));
  });
  return violations;
}
