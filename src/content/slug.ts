/** Slugs for articles, tags and names: URL-safe, at most 80 characters, never shared by two distinct names. */
import slugifyLibrary from "@sindresorhus/slugify";
import { sha256 } from "../shared/hash.ts";

/** Longest slug allowed, in characters. */
export const MAX_SLUG_LENGTH = 80;

/** Slugs a tag may not take: they would read as the listing's own pages. They get a "-tag" suffix. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set(["index", "feed", "page", "all"]);

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// Symbols that tell names apart ("C", "C++", "C#") are spelled out instead of dropped.
const REPLACEMENTS: [string, string][] = [
  ["+", " plus "],
  ["#", " sharp "],
  ["&", " and "],
  ["@", " at "],
];

/** True for "putin-urges-peace-talks": lower-case ASCII letters and digits joined by single hyphens, at most 80. */
export function isValidSlug(slug: string): boolean {
  return slug.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(slug);
}

/** Transliterated, lower-case, hyphenated slug of any text, cut at a hyphen to 80 characters; "" when nothing is left. */
export function slugify(text: string): string {
  const slug = slugifyLibrary(text, { customReplacements: REPLACEMENTS, decamelize: false });
  return truncateSlug(slug, MAX_SLUG_LENGTH);
}

/**
 * The identity of a name: tags that differ only by case, surrounding or repeated spaces,
 * or diacritics ("Syria", " syria ", "Sýria") share one key and so one page.
 */
export function nameKey(name: string): string {
  let key = nameKeys.get(name);
  if (key === undefined) {
    key = name
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/\s+/gu, " ")
      .trim();
    if (nameKeys.size >= 100_000) nameKeys.clear(); // bounded: names repeat (tags, bylines), so the map stays small
    nameKeys.set(name, key);
  }
  return key;
}

// Keys already worked out: a name is keyed once per use, and an archive uses each tag thousands of times.
const nameKeys = new Map<string, string>();

/**
 * Gives every key a distinct slug. A key keeps its plain slug when it alone spells it exactly
 * ("vladimir putin" → "vladimir-putin"); other keys that would share it, and keys with no
 * Latin letters or digits ("日本"), get a stable suffix from a hash of the key.
 * The result depends only on the set of keys, never on their order.
 */
export function assignSlugs(keys: Iterable<string>): Map<string, string> {
  const byBase = new Map<string, string[]>();
  for (const key of new Set(keys)) {
    const base = slugify(key);
    const safeBase = RESERVED_SLUGS.has(base) ? `${base}-tag` : base;
    const group = byBase.get(safeBase);
    if (group) group.push(key);
    else byBase.set(safeBase, [key]);
  }
  const slugs = new Map<string, string>();
  for (const [base, group] of byBase) {
    const exact = group.filter((key) => spellsSlug(key, base));
    for (const key of group) {
      const keepsBase = base !== "" && group.length === 1 ? true : exact.length === 1 && exact[0] === key;
      slugs.set(key, keepsBase ? base : withHash(base, key));
    }
  }
  return slugs;
}

function spellsSlug(key: string, slug: string): boolean {
  return key.replace(/[\s_]+/g, "-") === slug;
}

function withHash(base: string, key: string): string {
  const hash = sha256(key).slice(0, 8);
  return base === "" ? hash : `${truncateSlug(base, MAX_SLUG_LENGTH - hash.length - 1)}-${hash}`;
}

function truncateSlug(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max + 1);
  const hyphen = cut.lastIndexOf("-");
  return (hyphen > 0 ? cut.slice(0, hyphen) : slug.slice(0, max)).replace(/-+$/, "");
}
