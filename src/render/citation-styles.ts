/**
 * APA (7th ed.), MLA (9th ed.) and Chicago (17th ed., notes and bibliography) citations of
 * articles, formatted by citeproc-js (the CSL processor of Zotero and Mendeley) with the Citation
 * Style Language project's own styles and locales, kept in src/render/csl/ (its README says
 * where they come from and under which licence).
 *
 * citeproc takes 1.1–1.6 ms per article and style, so a build formats only the article pages it
 * renders, in the styles the site asks for, keeps what it formatted in the cache folder
 * (`citations.ndjson`, by a hash of the styles, CSL item and locale), and formats many at once on
 * every core (`prepareCitations`).
 */
import { createReadStream, readFileSync } from "node:fs";
import { appendFile, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { createInterface } from "node:readline";
import path from "node:path";
import CSL from "citeproc";
import type { CitationInput, CitationLocale, CslItem } from "../archive/citation.ts";
import type { CitationStyle } from "../content/site.ts";
import { sanitizeCitation } from "../content/markdown.ts";
import { getCodeVersion } from "../content/parse-cache.ts";
import { writeFileAtomically } from "../shared/atomic-write.ts";
import { sha256 } from "../shared/hash.ts";
import { PROJECT_ROOT } from "../shared/project.ts";
import { mapInWorkers } from "../shared/workers.ts";

/** The styles, in the order the page shows them. */
export const CITATION_STYLES = [
  { id: "apa", name: "APA", file: "apa.csl" },
  { id: "mla", name: "MLA", file: "modern-language-association.csl" },
  { id: "chicago", name: "Chicago", file: "chicago-note-bibliography.csl" },
] as const;

/** One article's citation in each style it was asked in: HTML (text, with the styles' italics). */
export type StyledCitations = Partial<Record<CitationStyle, string>>;

const CSL_DIR = path.join(PROJECT_ROOT, "src/render/csl");

// One engine per style and locale, kept: setting one up reads and compiles its style (10–130 ms).
const engines = new Map<string, { engine: CSL.Engine; current: { item: CslItem | null } }>();

function engineFor(style: (typeof CITATION_STYLES)[number], locale: CitationLocale): { engine: CSL.Engine; current: { item: CslItem | null } } {
  const key = `${style.id} ${locale}`;
  let entry = engines.get(key);
  if (!entry) {
    const current: { item: CslItem | null } = { item: null };
    const system: CSL.Sys = {
      // Asked while formatting, which cannot wait for a promise: read synchronously, once per engine.
      retrieveLocale: (lang) => readFileSync(path.join(CSL_DIR, `locales-${lang}.xml`), "utf8"),
      retrieveItem: () => current.item!,
    };
    const engine = new CSL.Engine(system, readFileSync(path.join(CSL_DIR, style.file), "utf8"), locale, true);
    engine.setOutputFormat("html");
    engines.set(key, (entry = { engine, current }));
  }
  return entry;
}

let calls = 0;

/** Formats one citation in every style, here and now (see `prepareCitations` for many). */
export function formatCitations({ styles, item, locale }: CitationInput): StyledCitations {
  const styled: StyledCitations = {};
  for (const style of CITATION_STYLES.filter(({ id }) => styles.includes(id))) {
    const { engine, current } = engineFor(style, locale);
    // citeproc keeps what it made of an item by id, and two articles can share a citation key:
    // each call's item gets an id of its own.
    current.item = { ...item, id: `item-${(calls += 1)}` };
    engine.updateItems([current.item.id], true); // a bibliography of this one item: nothing to sort (a sixth of the time) or disambiguate
    const [, entries] = engine.makeBibliography();
    // <div class="csl-entry">…</div>: the entry's inline HTML, through the sanitiser all the same.
    styled[style.id] = sanitizeCitation(entries.join("").replace(/^\s*<div class="csl-entry">|<\/div>\s*$/g, "")).trim();
  }
  return styled;
}

// What this process has formatted or read from the cache, by `citationKey`.
const known = new Map<string, StyledCitations>();

/** Forgets what this process formatted or read (for tests: as a new process would start). */
export function forgetCitations(): void {
  known.clear();
}

/** The key of a citation in the cache: the styles, item and locale, hashed. */
function citationKey(input: CitationInput): string {
  return sha256(JSON.stringify([input.styles, input.item, input.locale]));
}

/** The citations of `input`: prepared, or formatted now. */
export function citationsOf(input: CitationInput): StyledCitations {
  const key = citationKey(input);
  let styled = known.get(key);
  if (!styled) known.set(key, (styled = formatCitations(input)));
  return styled;
}

/** Below this many to format, the main thread formats them: a worker takes longer to start (about 0.3 s with citeproc). */
const WORKER_THRESHOLD = 200;

/**
 * Makes the citations of `inputs` ready for `citationsOf`: those in the cache folder's
 * `citations.ndjson` are read, and the others formatted, on every core when there are many, and
 * appended to it. The file is a header line (the code version, which covers the styles, the
 * locales and citeproc) and one `[key, citations]` line per item. A line that does not parse, or
 * a file of other code, is formatted again, never trusted. `cacheDir` null keeps nothing.
 */
export async function prepareCitations(inputs: readonly CitationInput[], cacheDir: string | null, jobs?: number): Promise<void> {
  const wanted = new Map<string, CitationInput>();
  for (const input of inputs) {
    const key = citationKey(input);
    if (input.styles.length > 0 && !known.has(key)) wanted.set(key, input);
  }
  if (wanted.size === 0) return;
  const file = cacheDir ? path.join(cacheDir, "citations.ndjson") : null;
  const header = await getCodeVersion();
  const stored = file ? await readStored(file, header, wanted) : { current: false };
  const missing = [...wanted].filter(([key]) => !known.has(key));
  if (missing.length === 0) return;
  const threads = Math.min(jobs ?? availableParallelism(), Math.ceil(missing.length / WORKER_THRESHOLD));
  const formatted =
    threads > 1 ? await mapInWorkers<CitationInput, StyledCitations>("src/render/citation-worker.ts", missing.map(([, input]) => input), threads) : missing.map(([, input]) => formatCitations(input));
  const lines = missing.map(([key], i) => {
    known.set(key, formatted[i]!);
    return `${JSON.stringify([key, formatted[i]])}\n`;
  });
  if (!file) return;
  // A file of other code is written afresh; else the new entries are appended. (Entries no article
  // has any more stay until the code changes: a few hundred bytes for each edit of a cited field.)
  if (stored.current) await appendFile(file, lines.join(""));
  else await writeFileAtomically(file, `${header}\n${[...wanted.keys()].map((key) => `${JSON.stringify([key, known.get(key)])}\n`).join("")}`);
}

// Reads the entries of `wanted` from the cache file into `known`.
async function readStored(file: string, header: string, wanted: ReadonlyMap<string, CitationInput>): Promise<{ current: boolean }> {
  let lines = 0;
  let current = false;
  try {
    const input = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    for await (const line of input) {
      if (lines++ === 0) {
        current = line === header;
        if (!current) break;
        continue;
      }
      const key = line.slice(2, 2 + 64); // ["<64 hex>",
      if (!wanted.has(key) || known.has(key)) continue;
      try {
        const [lineKey, styled] = JSON.parse(line) as [string, StyledCitations];
        if (lineKey === key && wanted.get(key)!.styles.every((style) => typeof styled[style] === "string")) {
          known.set(key, styled);
        }
      } catch {
        // A line cut short (a build stopped while appending): formatted again.
      }
    }
  } catch {
    await rm(file, { force: true }).catch(() => {});
    return { current: false };
  }
  return { current };
}
