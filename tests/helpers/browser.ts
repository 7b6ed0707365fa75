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

/**
 * Launches headless Chromium with a fresh profile; close the context to end it. `bypassCSP` lets a
 * test inject its own script (axe) into pages whose Content-Security-Policy forbids inline script;
 * every other test sees the policy as a reader's browser does.
 */
export async function launchBrowser(options: { bypassCSP?: boolean } = {}): Promise<BrowserContext> {
  const profile = await mkdtemp(path.join(tmpdir(), "news-archive-chromium-"));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    bypassCSP: options.bypassCSP ?? false,
    // Without the background-networking flags Chromium keeps calling home, which this network refuses.
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}
