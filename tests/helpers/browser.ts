/** Debian's Chromium driven by playwright-core (browser downloads are blocked here). */
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM = "/usr/bin/chromium";

/** Why browser tests cannot run here, or null when they can. */
export function browserSkipReason(): string | null {
  return existsSync(CHROMIUM) ? null : `browser tests skipped: no Chromium at ${CHROMIUM} (install it with: apt-get install -y chromium)`;
}

/** Launches headless Chromium with a fresh profile; close the context to end it. */
export async function launchBrowser(): Promise<BrowserContext> {
  const profile = await mkdtemp(path.join(tmpdir(), "news-archive-chromium-"));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    // Without the background-networking flags Chromium keeps calling home, which this network refuses.
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}
