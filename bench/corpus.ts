/**
 * Deterministic synthetic corpus for benchmarks:
 *   npm run bench:corpus -- --articles N --out DIR [--seed S] [--photo-every N]
 * Writes DIR/site.json and DIR/articles/YYYY/<slug>.md: dates over 25 years, 40 authors, 5 sources,
 * 1–5 of ~300 tags with Zipf-like popularity, bodies of 200–600 words with quotes, lists and links.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same corpus everywhere. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  "the government said on minister president talks peace war city council report officials people " +
  "according to statement election vote parliament economy market prices energy oil gas bank court " +
  "ruling police protest crowd square capital region border troops ceasefire agreement treaty summit " +
  "leaders foreign policy sanctions trade exports imports budget tax reform health hospital school " +
  "students teachers union strike workers company shares investors growth inflation rate central " +
  "weather storm flood drought harvest farmers village river bridge railway airport flight ship port " +
  "museum exhibition festival film music theatre writer novel prize science research university " +
  "scientists study climate carbon emissions forest wildlife species ocean coast island mountain " +
  "spokesman interview newspaper television radio broadcast journalists editor archive history " +
  "century decade year month week day morning evening night spring summer autumn winter new old " +
  "first last major minor local national international public private official unofficial early late"
).split(" ");
const TOPICS = ["Politics", "Economy", "Energy", "Diplomacy", "Elections", "Health", "Education", "Climate", "Culture", "Science", "Transport", "Sport", "Crime", "Courts", "Media", "Technology", "Agriculture", "Defence", "Migration", "Housing"];
const PLACES = ["Russia", "Syria", "Ukraine", "Germany", "France", "China", "Japan", "Brazil", "India", "Egypt", "Turkey", "Iran", "Iraq", "Israel", "Poland", "Italy", "Spain", "Mexico", "Canada", "Kenya", "Nigeria", "Moscow", "Berlin", "Paris", "Tokyo", "Cairo", "Kyiv", "Beijing", "Delhi", "London"];
const FIRST = ["Anna", "Boris", "Clara", "David", "Elena", "Farid", "Greta", "Hiro", "Irina", "Jonas", "Katya", "Luis", "Maria", "Nikolai", "Olga", "Pavel", "Quinn", "Rosa", "Sergei", "Tanya"];
const LAST = ["Ivanova", "Petrov", "Schmidt", "Dubois", "Tanaka", "Silva", "Khan", "Haddad", "Novak", "Rossi"];
const SOURCES = ["The Moscow Times", "The Daily Ledger", "Evening Courier", "World Wire", "The Harbour Gazette"];

/** ~300 tag names: topics, places, and topic-in-place pairs. */
function tagNames(): string[] {
  const tags = [...TOPICS, ...PLACES];
  for (const place of PLACES) for (const topic of TOPICS.slice(0, 9)) tags.push(`${topic} in ${place}`);
  return tags.slice(0, 300);
}

/**
 * Writes a corpus of `articles` articles into `outDir` (replacing it). With `photoEvery` N, one
 * article in N has a lead photo beside it: a 1,600 × 1,067 JPEG of its own (a sky, hills and
 * blocks in seeded colours, about 60 KB), as a newsroom's would be sized.
 */
export async function writeCorpus(outDir: string, articles: number, seed = 1, photoEvery = 0): Promise<void> {
  const rand = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const tags = tagNames();
  // Zipf-like: tag i is chosen with weight 1/(i+1).
  const weights = tags.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const zipfTag = (): string => {
    let r = rand() * total;
    for (let i = 0; i < tags.length; i++) {
      r -= weights[i]!;
      if (r <= 0) return tags[i]!;
    }
    return tags[0]!;
  };
  const authors = Array.from({ length: 40 }, (_, i) => `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / 4) % LAST.length]}`);
  const sentence = (min: number, max: number): string => {
    const n = min + Math.floor(rand() * (max - min));
    const words = Array.from({ length: n }, () => pick(WORDS));
    const text = words.join(" ");
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  };

  await rm(outDir, { recursive: true, force: true });
  await mkdir(path.join(outDir, "articles"), { recursive: true });
  await writeFile(path.join(outDir, "site.json"), `${JSON.stringify({ title: "Benchmark Archive", url: "https://bench.example", pageSize: 20 }, null, 2)}\n`);
  const start = Date.UTC(2000, 0, 1);
  const span = 25 * 365 * 86_400_000;
  const years = new Set<number>();
  const files: [string, string][] = [];
  const photos: [string, string][] = []; // file, SVG to render
  for (let i = 0; i < articles; i++) {
    const date = new Date(start + Math.floor(rand() * span)).toISOString().slice(0, 10);
    const title = sentence(5, 11).slice(0, -1);
    const slug = `${title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60).replace(/-+$/, "")}-${i}`;
    const articleTags = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 5) }, zipfTag))];
    const words = 200 + Math.floor(rand() * 400);
    const body: string[] = [];
    let written = 0;
    while (written < words) {
      const kind = rand();
      if (kind < 0.1) body.push(`> "${sentence(8, 20)}" ${pick(authors)} said.`);
      else if (kind < 0.15) body.push(Array.from({ length: 3 }, () => `- ${sentence(4, 9)}`).join("\n"));
      else if (kind < 0.22) body.push(`${sentence(8, 16)} See [the ${pick(WORDS)} report](https://example.org/${pick(WORDS)}/${i}) for details.`);
      else body.push(Array.from({ length: 2 + Math.floor(rand() * 3) }, () => sentence(8, 20)).join(" "));
      written = body.join(" ").split(/\s+/).length;
    }
    const year = Number(date.slice(0, 4));
    years.add(year);
    const frontMatter = [
      "---",
      `title: ${JSON.stringify(title)}`,
      `date: ${date}`,
      `author: ${JSON.stringify(pick(authors))}`,
      `source: ${JSON.stringify(pick(SOURCES))}`,
      `original_url: https://news.example/${date.replaceAll("-", "/")}/${slug}`,
      `tags: [${articleTags.map((t) => JSON.stringify(t)).join(", ")}]`,
      `summary: ${JSON.stringify(sentence(12, 24))}`,
      ...(photoEvery > 0 && i % photoEvery === 0
        ? ["image:", `  src: ${slug}.jpg`, `  alt: ${JSON.stringify(sentence(6, 12))}`, `  caption: ${JSON.stringify(sentence(8, 16))}`, `  credit: ${JSON.stringify(`${pick(authors)} / ${pick(SOURCES)}`)}`]
        : []),
      "---",
    ].join("\n");
    if (photoEvery > 0 && i % photoEvery === 0) photos.push([path.join(outDir, "articles", String(year), `${slug}.jpg`), photoSvg(rand)]);
    files.push([path.join(outDir, "articles", String(year), `${slug}.md`), `${frontMatter}\n\n${body.join("\n\n")}\n`]);
  }
  for (const year of years) await mkdir(path.join(outDir, "articles", String(year)), { recursive: true });
  for (let i = 0; i < files.length; i += 256) {
    await Promise.all(files.slice(i, i + 256).map(([file, text]) => writeFile(file, text)));
  }
  if (photos.length > 0) {
    const { default: sharp } = await import("sharp");
    for (let i = 0; i < photos.length; i += 4) {
      await Promise.all(photos.slice(i, i + 4).map(([file, svg]) => sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toFile(file)));
    }
  }
}

// A photo-like picture: a graded sky, a sun, hills and buildings, in colours drawn from `rand`.
function photoSvg(rand: () => number): string {
  const colour = (base: number) => `rgb(${[0, 1, 2].map(() => Math.floor(base + rand() * 90)).join(",")})`;
  const shapes = Array.from({ length: 24 }, () => {
    const x = Math.floor(rand() * 1600);
    const w = 60 + Math.floor(rand() * 240);
    const h = 120 + Math.floor(rand() * 360);
    return `<rect x="${x}" y="${1000 - h}" width="${w}" height="${h}" fill="${colour(70)}"/>`;
  });
  const hills = Array.from({ length: 9 }, (_, i) => `${i * 200} ${620 + Math.floor(rand() * 160)}`).join(" L ");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1067"><defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${colour(100)}"/><stop offset="1" stop-color="${colour(160)}"/></linearGradient><filter id="n"><feTurbulence baseFrequency="0.8" numOctaves="2" seed="${Math.floor(rand() * 1000)}"/><feColorMatrix type="saturate" values="0"/><feBlend in="SourceGraphic" mode="multiply"/></filter></defs><g filter="url(#n)"><rect width="1600" height="1067" fill="url(#s)"/><circle cx="${200 + Math.floor(rand() * 1200)}" cy="${120 + Math.floor(rand() * 200)}" r="${40 + Math.floor(rand() * 80)}" fill="${colour(165)}"/><path d="M 0 ${hills} L 1600 1067 L 0 1067 Z" fill="${colour(60)}"/>${shapes.join("")}<rect y="1000" width="1600" height="67" fill="${colour(40)}"/></g></svg>`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { articles: { type: "string", default: "1000" }, out: { type: "string" }, seed: { type: "string", default: "1" }, "photo-every": { type: "string", default: "0" } } });
  if (!values.out) {
    console.error("Usage: npm run bench:corpus -- --articles N --out DIR [--seed S] [--photo-every N]");
    process.exit(2);
  }
  await writeCorpus(values.out, Number(values.articles), Number(values.seed), Number(values["photo-every"]));
  console.log(`Wrote ${values.articles} articles to ${values.out}/ (seed ${values.seed}${Number(values["photo-every"]) > 0 ? `; a photo with one in ${values["photo-every"]}` : ""}).`);
}
