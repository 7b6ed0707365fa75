/**
 * What a reader's first search downloads: npm run bench:search -- --site DIR [--query WORD]...
 * Serves a built site (DIR, as `npm run build` wrote it) on 127.0.0.1, opens `/search/?q=WORD` in
 * Chromium (Debian's, as the browser tests use) with a fresh profile, waits until the results are
 * drawn, and counts the responses under `/pagefind/` and their bytes (as sent: no compression).
 */
import { z } from "zod";
import { parseFlags } from "../src/cli/flags.ts";
import { runScript, UserError } from "../src/shared/errors.ts";
import { browserSkipReason, launchBrowser } from "../tests/helpers/browser.ts";
import { serveStatic } from "../tests/helpers/static-server.ts";

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), {
    command: "npm run bench:search",
    options: { site: { type: "string" }, query: { type: "string", multiple: true, default: ["peace", "official"] } },
    schema: z.object({ site: z.string({ error: "--site is required: the folder a build wrote" }), query: z.array(z.string().min(1)) }),
  });
  if (flags.help) {
    console.log("Usage: npm run bench:search -- --site DIR [--query WORD]...");
    return;
  }
  const skip = browserSkipReason();
  if (skip) throw new UserError({ message: skip, hint: "Install Chromium, then run this again." });
  const server = await serveStatic(flags.values.site);
  try {
    console.log("| query | results | requests under /pagefind/ | KB |\n| --- | --- | --- | --- |");
    for (const query of flags.values.query) {
      const browser = await launchBrowser(); // a fresh profile: nothing cached from the last query
      const page = await browser.newPage();
      const sizes: Promise<number>[] = [];
      page.on("response", (response) => {
        if (new URL(response.url()).pathname.startsWith("/pagefind/")) sizes.push(response.body().then((body) => body.length, () => 0));
      });
      await page.goto(`${server.url}/search/?q=${encodeURIComponent(query)}`);
      // Pagefind draws the count ("No results for …" when none), then each of the first results once its fragment has loaded.
      await page.waitForFunction(
        () => {
          const message = document.querySelector(".pagefind-ui__message")?.textContent ?? "";
          const count = message.startsWith("No results") ? 0 : Number(/^([\d,]+) results?/.exec(message)?.[1]?.replaceAll(",", "") ?? NaN);
          return count >= 0 && document.querySelectorAll(".pagefind-ui__result-link").length >= Math.min(count, 5);
        },
        undefined,
        { timeout: 120_000 },
      );
      const message = (await page.textContent(".pagefind-ui__message")) ?? "";
      const bytes = (await Promise.all(sizes)).reduce((sum, size) => sum + size, 0);
      console.log(`| "${query}" | ${message.trim()} | ${sizes.length} | ${Math.round(bytes / 1000)} |`);
      await browser.close();
    }
  } finally {
    await server.close();
  }
}

await runScript(main);
