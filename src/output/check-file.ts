/**
 * What checking one built file finds, on its own: html-validate's problems for a page, the
 * well-formedness of a feed or sitemap (saxes, JSON), and the links and ids a page holds, for the
 * site-wide link check in check.ts. What it returns is kept in the check cache under the file's
 * hash, so this module's code is part of the cache's version (check.ts's `checkVersion`).
 */
import { readFileSync } from "node:fs";
import { Parser } from "htmlparser2";
import type { ConfigData, HtmlElement, HtmlValidate, ResolvedConfig } from "html-validate";
import { SaxesParser } from "saxes";

// https://html-validate.org/rules/presets.html: "recommended" covers validity, accessibility
// basics (img alt, labels, headings) and deprecated markup. long-title is off: a page's <title> is
// the headline as the publication wrote it, and an archive does not shorten headlines for SEO.
// void-style is off: `<img />` and `<img>` are both valid HTML, and sanitize-html writes the first.
export const VALIDATOR_CONFIG = { extends: ["html-validate:recommended"], rules: { "long-title": "off", "void-style": "off" } } satisfies ConfigData;

// html-validate, loaded when a file must be validated: a check that finds every result in the cache does without it.
let validator: Promise<HtmlValidate> | undefined;
function loadValidator(): Promise<HtmlValidate> {
  validator ??= import("html-validate").then(({ HtmlElement, HtmlValidate, MetaTable, Rule, StaticConfigLoader }) => {
    // html-validate resolves its configuration again for every file it validates (40% of the
    // time, with as much again in garbage); it is the same for every page here, so it is resolved once.
    class ResolvedOnce extends StaticConfigLoader {
      #resolved: ResolvedConfig | Promise<ResolvedConfig> | undefined;
      override getConfigFor(handle: string, override?: ConfigData): ResolvedConfig | Promise<ResolvedConfig> {
        return override ? super.getConfigFor(handle, override) : (this.#resolved ??= super.getConfigFor(handle));
      }
    }
    linearElementSearch(HtmlElement);
    simpleSelectorsOnce(HtmlElement);
    tagListsOnce(MetaTable);
    requiredAttributesOnce(Rule);
    return new HtmlValidate(new ResolvedOnce(VALIDATOR_CONFIG));
  });
  return validator;
}

/**
 * html-validate 10 finds an element's descendants by tag (what every `querySelectorAll` of a rule
 * starts from) by concatenating each child's list into a new array, level by level: every element
 * is copied once per ancestor, and a rule selecting `a, button, input, …` walks the page once per
 * name. That was a fifth of the time of validating an article page, with as much again in garbage
 * collection. Here each list is made in one walk; and a finished page (html-validate enables its
 * root's cache once the page is parsed, before `dom:ready`, when most rules ask) is walked once
 * for all its tag names, which answers the fifty-odd questions a page's rules ask of its root. The
 * lists are the same, in the same order, as html-validate's own (`HtmlElement.is`);
 * tests/unit/check-file.test.ts compares them on random pages.
 */
export function linearElementSearch(HtmlElement: typeof import("html-validate").HtmlElement): void {
  const prototype = HtmlElement.prototype as HtmlElement & { [ORIGINAL]?: HtmlElement["getElementsByTagName"] };
  if (prototype[ORIGINAL]) return;
  prototype[ORIGINAL] = prototype.getElementsByTagName;
  // Any change to any tree makes every root's index stale.
  let changes = 0;
  const methods = prototype as unknown as Record<string, (this: HtmlElement, ...args: unknown[]) => unknown>;
  for (const name of ["append", "insertBefore", "removeChild", "_setParent"]) {
    const change = methods[name]!;
    methods[name] = function (this: HtmlElement, ...args: unknown[]) {
      changes += 1;
      return change.apply(this, args);
    };
  }
  prototype.getElementsByTagName = function (this: HtmlElement, tagName: string): HtmlElement[] {
    const wanted = tagName.toLowerCase();
    // The cache is private in html-validate's types; it is null until enabled.
    const finished = this.isRootElement() && (this as unknown as { cache: unknown }).cache !== null;
    if (!finished) return descendantsByWalk(this, tagName, wanted);
    let index = this.cacheGet(BY_TAG) as RootIndex | undefined;
    if (index?.changes !== changes) index = this.cacheSet(BY_TAG, indexRoot(this, changes));
    return (tagName === "*" ? index.all : index.byTag.get(wanted))?.slice() ?? []; // a copy: the caller may change its list
  };
}

/** A finished page's elements, for `linearElementSearch`. */
interface RootIndex {
  /** The tree-change count when it was made. */
  changes: number;
  /** Every element below the root, in document order. */
  all: HtmlElement[];
  /** The same by lower-case tag name. */
  byTag: Map<string, HtmlElement[]>;
}

const BY_TAG = Symbol("descendants by tag name");

function indexRoot(root: HtmlElement, changes: number): RootIndex {
  const index: RootIndex = { changes, all: descendantsByWalk(root, "*", "*"), byTag: new Map() };
  for (const element of index.all) {
    const name = element.tagName.toLowerCase();
    const list = index.byTag.get(name);
    if (list) list.push(element);
    else index.byTag.set(name, [element]);
  }
  return index;
}

// The descendants of `element` named `wanted` (lower case) or any, in document order.
function descendantsByWalk(element: HtmlElement, tagName: string, wanted: string): HtmlElement[] {
  const found: HtmlElement[] = [];
  const visit = (parent: HtmlElement): void => {
    for (const child of parent.childElements) {
      if (tagName === "*" || child.tagName === wanted || child.tagName.toLowerCase() === wanted) found.push(child);
      visit(child);
    }
  };
  visit(element);
  return found;
}

/** Where `linearElementSearch` keeps html-validate's own `getElementsByTagName` (for the test that compares them). */
export const ORIGINAL = Symbol("html-validate's getElementsByTagName");

/** A selector of one compound that `simpleSelectorsOnce` matches itself: a tag name (or any) and attribute tests. */
interface SimpleSelector {
  tagName: string;
  /** Each attribute that must be present, with the value it must have when one is given. */
  attributes: [name: string, value: string | undefined][];
}

// A tag name or `*`, then any `[name]` or `[name="value"]`: no combinator, class, id, pseudo-class or escape.
const SIMPLE_SELECTOR = /^(?:[a-z][a-z0-9-]*|\*)?(?:\[[a-z][a-z0-9-]*(?:="[^"\\]+")?\])*$/i;

const simpleSelectors = new Map<string, SimpleSelector | null>();

function simpleSelector(selector: string): SimpleSelector | null {
  let parsed = simpleSelectors.get(selector);
  if (parsed === undefined) {
    parsed = null;
    if (selector !== "" && SIMPLE_SELECTOR.test(selector)) {
      const [tagName = "*"] = /^[^[]+/.exec(selector) ?? [];
      const attributes = [...selector.matchAll(/\[([^=\]]+)(?:="([^"]+)")?\]/g)].map(([, name, value]): [string, string | undefined] => [name!, value]);
      parsed = { tagName, attributes };
    }
    simpleSelectors.set(selector, parsed);
  }
  return parsed;
}

// Whether `element` matches `selector`, as html-validate's compound of one tag name and attribute
// conditions decides it (`Compound.match`: `is`, then every condition on `getAttribute(name, true)`).
function matchesSimple(element: HtmlElement, { tagName, attributes }: SimpleSelector): boolean {
  return element.is(tagName) && attributes.every(([name, value]) => element.getAttribute(name, true).some((attribute) => value === undefined || attribute.value === value));
}

/**
 * html-validate parses a selector again on every `matches`, `closest` and `querySelectorAll`
 * (`parseSelector`, not exported), and its content rules ask `matches("main")` of every element
 * for every name its parent permits: parsing was a tenth of validating a page. A list whose every
 * selector is one compound of a tag name and attribute tests (`main`, `img, svg`,
 * `article,…,[role="main"]`) is parsed here once and matched the way html-validate's own
 * `Compound` would match it; any other list (a combinator, a class, a pseudo-class, an escape)
 * goes to html-validate. tests/unit/check-file.test.ts compares the two on random pages.
 */
export function simpleSelectorsOnce(HtmlElement: typeof import("html-validate").HtmlElement): void {
  // querySelectorImpl, behind querySelector and querySelectorAll, is private in html-validate's types.
  type Query = (this: HtmlElement, selectorList: string) => IterableIterator<HtmlElement>;
  type Matching = { matches: (this: HtmlElement, selectorList: string) => boolean; querySelectorImpl: Query };
  const prototype = HtmlElement.prototype as unknown as Matching & { [ORIGINAL_SELECTORS]?: Matching };
  if (prototype[ORIGINAL_SELECTORS]) return;
  const original: Matching = { matches: prototype.matches, querySelectorImpl: prototype.querySelectorImpl };
  prototype[ORIGINAL_SELECTORS] = original;
  // As html-validate splits a list for `matches`: at every comma, each part trimmed.
  prototype.matches = function (selectorList) {
    const selectors = selectorList.split(",").map((selector) => simpleSelector(selector.trim()));
    if (selectors.includes(null)) return original.matches.call(this, selectorList);
    return selectors.some((selector) => matchesSimple(this, selector!));
  };
  // As html-validate splits a list for `querySelector(All)`: at every unescaped comma and the space after it.
  prototype.querySelectorImpl = function* (selectorList) {
    if (!selectorList) return;
    const selectors = selectorList.split(/(?<!\\),\s*/).map(simpleSelector);
    if (selectors.includes(null)) return yield* original.querySelectorImpl.call(this, selectorList);
    for (const selector of selectors) {
      for (const element of this.getElementsByTagName(selector!.tagName)) if (matchesSimple(element, selector!)) yield element;
    }
  };
}

/**
 * html-validate's rules ask the element table, as they are set up for each page, which tags have a
 * property ("form", "formAssociated", "interactive": `MetaTable.getTagsWithProperty`), and it
 * lists and filters every element of the table to answer: 3% of validating a page, for the same
 * answers on every page. They are kept per table and property here, and forgotten when the table
 * changes (an entry added, a file loaded, the table resolved). tests/unit/check-file.test.ts
 * compares them with the table's own.
 */
export function tagListsOnce(MetaTable: typeof import("html-validate").MetaTable): void {
  type Table = InstanceType<typeof MetaTable>;
  const prototype = MetaTable.prototype as Table & { [ORIGINAL_TAG_LISTS]?: Table["getTagsWithProperty"] };
  if (prototype[ORIGINAL_TAG_LISTS]) return;
  const original = (prototype[ORIGINAL_TAG_LISTS] = prototype.getTagsWithProperty);
  const lists = new WeakMap<Table, Map<string, string[]>>();
  prototype.getTagsWithProperty = function (this: Table, property) {
    let known = lists.get(this);
    if (!known) lists.set(this, (known = new Map()));
    let tags = known.get(property);
    if (!tags) known.set(property, (tags = original.call(this, property)));
    return [...tags]; // a copy: the caller may change its list
  };
  const changers = ["addEntry", "loadFromObject", "init", "resolveGlobal", "extendValidationSchema"] as const;
  const methods = prototype as unknown as Record<string, (this: Table, ...args: unknown[]) => unknown>;
  for (const name of changers) {
    const change = methods[name]!;
    methods[name] = function (this: Table, ...args: unknown[]) {
      lists.delete(this);
      return change.apply(this, args);
    };
  }
}

/** An element-table entry's attribute rule, as far as `required` goes. */
interface AttributeRule {
  required?: boolean | ((adapter: unknown) => string | boolean | null | undefined);
}

/** The part of html-validate's element-required-attributes rule that `requiredAttributesOnce` uses. */
interface RequiredAttributesRule {
  name: string;
  on(event: "tag:end", callback: (event: { previous: HtmlElement }) => void): void;
  validateRequiredAttribute(node: HtmlElement, attribute: string, message: string): void;
}

/**
 * html-validate's element-required-attributes rule goes, at the end of every element, through
 * every attribute the element table knows for it (forty-odd, the global ones included) to find
 * the one or two that are required: 5% of validating a page. Here each table entry's required
 * attributes are listed once, and the rule asks only those, as its own `setup` does
 * (`normalizeRequired`: a function's answer, or `true`, decides), reporting through its own method.
 * The rule's class is not exported; it is reached the first time one is initialised.
 * tests/unit/check-file.test.ts compares the problems found with the rule's own on random pages.
 */
export function requiredAttributesOnce(Rule: typeof import("html-validate").Rule): void {
  type Initialising = RequiredAttributesRule & { init(...args: unknown[]): void };
  const prototype = Rule.prototype as unknown as Initialising & { [ORIGINAL_REQUIRED]?: () => void };
  if (prototype[ORIGINAL_REQUIRED]) return;
  const init = prototype.init; // @internal in html-validate's types
  prototype[ORIGINAL_REQUIRED] = init;
  const required = new WeakMap<object, [string, AttributeRule][]>();
  const requiredOf = (attributes: Record<string, AttributeRule>): [string, AttributeRule][] => {
    let list = required.get(attributes);
    if (!list) required.set(attributes, (list = Object.entries(attributes).filter(([, rule]) => rule.required)));
    return list;
  };
  prototype.init = function (this: Initialising, ...args: unknown[]) {
    const ruleClass = Object.getPrototypeOf(this) as { setup(this: RequiredAttributesRule): void; [ORIGINAL_REQUIRED]?: () => void };
    if (this.name === "element-required-attributes" && !Object.hasOwn(ruleClass, ORIGINAL_REQUIRED)) {
      ruleClass[ORIGINAL_REQUIRED] = ruleClass.setup;
      ruleClass.setup = function () {
        this.on("tag:end", ({ previous: node }) => {
          const attributes = node.meta?.attributes as Record<string, AttributeRule> | undefined;
          if (!attributes) return;
          for (const [name, rule] of requiredOf(attributes)) {
            const answer = typeof rule.required === "function" ? rule.required((node as unknown as { _adapter: unknown })._adapter) : true;
            if (answer === true) this.validateRequiredAttribute(node, name, REQUIRED_MESSAGE);
            else if (answer) this.validateRequiredAttribute(node, name, answer);
          }
        });
      };
    }
    init.apply(this, args);
  };
}

// html-validate's message for a required attribute whose rule gives none of its own.
const REQUIRED_MESSAGE = '{{ tagName }} is missing required "{{ attr }}" attribute';

/** Where `requiredAttributesOnce` keeps html-validate's own `Rule.init`, and the rule's own `setup` on its class. */
export const ORIGINAL_REQUIRED = Symbol("html-validate's element-required-attributes setup");

/** Where `tagListsOnce` keeps html-validate's own `getTagsWithProperty`. */
export const ORIGINAL_TAG_LISTS = Symbol("html-validate's getTagsWithProperty");

/** Where `simpleSelectorsOnce` keeps html-validate's own `matches` and `querySelectorImpl`. */
export const ORIGINAL_SELECTORS = Symbol("html-validate's selector matching");

/** A file to validate: its path in the output and on disk. */
export interface CheckInput {
  name: string;
  file: string;
}

/**
 * Validates and scans files one after another (a worker thread's batch, or a few files in the main
 * thread). Each is read synchronously: a read through the thread pool waited on a core that the
 * other worker kept busy, and left a worker idle for 4% of a check.
 */
export async function checkFiles(inputs: readonly CheckInput[]): Promise<FileCheck[]> {
  const results: FileCheck[] = [];
  for (const { name, file } of inputs) results.push(await checkFile(name, readFileSync(file, "utf8")));
  return results;
}

/** Validates one page, feed or sitemap (`name` is its path in the output) and lists its links and ids. */
export async function checkFile(name: string, text: string): Promise<FileCheck> {
  if (!name.endsWith(".html")) {
    const scan = name.endsWith(".xml") ? scanXml(text) : scanJsonFeed(text);
    return { problems: scan.errors.map((error) => [error.line, error.rule, error.message]), ids: [], links: scan.links };
  }
  const report = await (await loadValidator()).validateString(text, name);
  const problems = report.results.flatMap((result) => result.messages.map((message): FileCheck["problems"][number] => [message.line, `html/${message.ruleId}`, message.message]));
  return { problems, ...scanPage(text) };
}

/** What a scan of one feed or sitemap found wrong, before it is tied to its file. */
interface ScanError {
  line: number;
  rule: string;
  message: string;
}

/** What validating and scanning one file found: what the check cache keeps under the file's hash. */
export interface FileCheck {
  /** Line, rule and message of each problem in the file itself. */
  problems: [line: number, rule: string, message: string][];
  /** The ids (and `<a name>`s) a #fragment can point at. */
  ids: string[];
  links: Link[];
}

/** A link as written: the attribute (or feed field) holding it, the URL, its line. */
export type Link = [attribute: string, url: string, line: number];

const LINK_ATTRIBUTES: Record<string, string[]> = {
  a: ["href"],
  area: ["href"],
  link: ["href"],
  img: ["src", "srcset"],
  source: ["src", "srcset"],
  script: ["src"],
  iframe: ["src"],
  video: ["src", "poster"],
  audio: ["src"],
};

/** The ids (and `<a name>`s) of a page, as `checkFile` lists them. */
export function scanIds(html: string): string[] {
  return scanPage(html).ids;
}

function scanPage(html: string): Pick<FileCheck, "ids" | "links"> {
  const ids = new Set<string>();
  const links: Link[] = [];
  const newlines: number[] = [];
  for (let i = html.indexOf("\n"); i !== -1; i = html.indexOf("\n", i + 1)) newlines.push(i);
  const lineAt = (index: number): number => {
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (newlines[mid]! < index) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  };
  const parser: Parser = new Parser({
    onopentag(name, attributes) {
      if (attributes.id !== undefined) ids.add(attributes.id);
      if (name === "a" && attributes.name !== undefined) ids.add(attributes.name);
      for (const attribute of LINK_ATTRIBUTES[name] ?? []) {
        const value = attributes[attribute];
        if (value === undefined) continue;
        const urls = attribute === "srcset" ? value.split(",").map((candidate) => candidate.trim().split(/\s+/)[0] ?? "") : [value];
        for (const url of urls) links.push([attribute, url, lineAt(parser.startIndex)]);
      }
    },
  });
  parser.end(html);
  return { ids: [...ids], links };
}

// Feeds and sitemaps: well-formedness, and the URLs a reader follows (link href, sitemap loc).
function scanXml(xml: string): { errors: ScanError[]; links: Link[] } {
  const errors: ScanError[] = [];
  const links: Link[] = [];
  const parser = new SaxesParser({ position: true });
  let inLoc = false;
  // The first error only: as in a feed reader, what follows it is not read as intended.
  parser.on("error", (error) => {
    const [, line, message] = /^(\d+):\d+: (.*)$/s.exec(error.message) ?? [];
    if (errors.length === 0) errors.push({ line: Number(line ?? parser.line), rule: "xml/well-formed", message: message ?? error.message });
  });
  parser.on("opentag", (tag) => {
    inLoc = tag.name === "loc";
    const href = tag.attributes.href;
    if (tag.name === "link" && typeof href === "string") links.push(["href", href, parser.line]);
  });
  parser.on("text", (text) => {
    if (inLoc) links.push(["loc", text.trim(), parser.line]);
  });
  parser.on("closetag", () => (inLoc = false));
  parser.write(xml).close();
  return { errors, links };
}

function scanJsonFeed(text: string): { errors: ScanError[]; links: Link[] } {
  let feed: { home_page_url?: string; feed_url?: string; items?: { url?: string }[] };
  try {
    feed = JSON.parse(text) as typeof feed;
  } catch (error) {
    return { errors: [{ line: 1, rule: "json/syntax", message: (error as Error).message }], links: [] };
  }
  const urls = [feed.home_page_url, feed.feed_url, ...(feed.items ?? []).map((item) => item.url)];
  return { errors: [], links: urls.filter((url): url is string => typeof url === "string").map((url): Link => ["url", url, 1]) };
}
