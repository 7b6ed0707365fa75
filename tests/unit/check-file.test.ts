import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { HtmlElement, HtmlValidate, MetaTable, Parser, Rule, StaticConfigLoader } from "html-validate";
import {
  checkFile,
  linearElementSearch,
  ORIGINAL,
  ORIGINAL_REQUIRED,
  ORIGINAL_SELECTORS,
  ORIGINAL_TAG_LISTS,
  requiredAttributesOnce,
  simpleSelectorsOnce,
  tagListsOnce,
  VALIDATOR_CONFIG,
} from "../../src/output/check-file.ts";

// A page of the shape the templates print (landmarks, nested lists, a form, a table), with
// upper-case and repeated tags, elements nested in elements of their own name, and an empty one.
const PAGE = `<!doctype html>
<html lang="en"><head><title>T</title><link rel="stylesheet" href="/a.css"></head>
<body><header><nav aria-label="Site"><ul><li><a href="/">Home</a></li><li><A HREF="/tags/">Tags</A></li></ul></nav></header>
<main><article><h1>Title</h1><div><div><p>One <a href="#x">x</a> <em><a href="/y/">y</a></em></p></div><DIV><P id="x">Two</P></DIV></div>
<section aria-labelledby="s"><h2 id="s">Cite</h2><ol><li><ol><li>nested</li></ol></li></ol><table><tr><td><button type="button">Copy</button></td></tr></table></section>
<form action="/search/"><label>Q <input name="q"></label><select name="s"><option>a</option></select></form><span></span></article></main>
<footer><p><small>©</small></p></footer></body></html>`;

// Random element trees: few names in mixed case, so elements nest in elements of their own name.
const tree: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    fc.constant("text"),
    fc.tuple(fc.constantFrom("div", "DIV", "Div", "span", "section", "ul", "li", "a", "A", "em"), fc.array(tie("node"), { maxLength: 4 })).map(([name, children]) => `<${name}>${children.join("")}</${name}>`),
  ),
})).node;

test("html-validate's descendants by tag, made in one walk, are the same lists in the same order as its own", async () => {
  linearElementSearch(HtmlElement);
  const prototype = HtmlElement.prototype as HtmlElement & { [ORIGINAL]?: HtmlElement["getElementsByTagName"] };
  const original = prototype[ORIGINAL]!;
  assert.notEqual(original, prototype.getElementsByTagName, "the walk replaced html-validate's own");
  const config = await new StaticConfigLoader(VALIDATOR_CONFIG).getConfigFor("page.html");
  const same = (html: string): void => {
    const document = new Parser(config).parseHtml(html);
    const elements = original.call(document, "*");
    const names = [...new Set(elements.map((element) => element.tagName)), "a", "A", "Div", "video", "*"];
    const place = new Map(elements.map((element, i) => [element, i])); // each element by its place in the page
    const places = (list: HtmlElement[]): (number | undefined)[] => list.map((element) => place.get(element));
    for (const root of [document, ...elements]) {
      for (const name of names) {
        assert.deepEqual(places(root.getElementsByTagName(name)), places(original.call(root, name)), `<${root.tagName}> by "${name}" in ${html}`);
      }
    }
  };
  same(PAGE);
  fc.assert(fc.property(fc.array(tree, { maxLength: 4 }), (body) => same(`<!doctype html><html><head><title>T</title></head><body>${body.join("")}</body></html>`)), { numRuns: 200 });
});

// Random pages whose elements carry a role or an aria-label now and then, and selector lists of
// the simple kind (tag names, `*`, attribute tests, spaces around the commas) mixed with others.
const attributed: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    fc.constant("text"),
    fc
      .tuple(fc.constantFrom("div", "DIV", "main", "nav", "section", "a", "li", "ul"), fc.constantFrom("", ' role="main"', ' role="region"', " role", ' aria-label="x"', ' role="main" aria-label="y"'), fc.array(tie("node"), { maxLength: 3 }))
      .map(([name, attributes, children]) => `<${name}${attributes}>${children.join("")}</${name}>`),
  ),
})).node;
const selectorList = fc
  .array(fc.constantFrom("main", "DIV", "div", "*", "a", "[role]", '[role="main"]', '[role="region"]', 'nav[aria-label="x"]', '[role="main"][aria-label="y"]', "ul > li", "div a", ".x", "#y", ":scope"), { minLength: 1, maxLength: 4 })
  .chain((parts) => fc.tuple(fc.constant(parts), fc.array(fc.constantFrom(",", ", ", " ,", " , "), { minLength: parts.length - 1, maxLength: parts.length - 1 })))
  .map(([parts, commas]) => parts.map((part, i) => `${part}${commas[i] ?? ""}`).join(""));

test("selectors matched without html-validate's parser find what its own matching finds", async () => {
  simpleSelectorsOnce(HtmlElement);
  type Matching = { matches(this: HtmlElement, list: string): boolean; querySelectorImpl(this: HtmlElement, list: string): Iterable<HtmlElement> };
  const prototype = HtmlElement.prototype as unknown as Matching & { [ORIGINAL_SELECTORS]?: Matching };
  const original = prototype[ORIGINAL_SELECTORS]!;
  assert.notEqual(original.matches, prototype.matches, "the fast path replaced html-validate's own");
  const config = await new StaticConfigLoader(VALIDATOR_CONFIG).getConfigFor("page.html");
  let simple = 0;
  const same = (html: string, list: string): void => {
    const document = new Parser(config).parseHtml(html);
    const elements = document.querySelectorAll("*");
    const place = new Map(elements.map((element, i) => [element, i]));
    const places = (found: Iterable<HtmlElement>): (number | undefined)[] => [...new Set(found)].map((element) => place.get(element));
    if (!/[>.#:]| [a-z]/.test(list)) simple += 1;
    // What a call returns, or the message it throws (html-validate's for a list it cannot match, such as ":scope ,main").
    const outcome = (call: () => unknown): unknown => {
      try {
        return call();
      } catch (error) {
        return (error as Error).message;
      }
    };
    for (const root of [document, ...elements]) {
      const where = `<${root.tagName}> with ${JSON.stringify(list)} in ${html}`;
      assert.deepEqual(outcome(() => root.matches(list)), outcome(() => original.matches.call(root, list)), `matches, ${where}`);
      assert.deepEqual(outcome(() => places(root.querySelectorAll(list))), outcome(() => places(original.querySelectorImpl.call(root, list))), `querySelectorAll, ${where}`);
    }
  };
  same(PAGE, 'main, nav, [role="main"]');
  fc.assert(fc.property(fc.array(attributed, { maxLength: 4 }), selectorList, (body, list) => same(`<!doctype html><html><head><title>T</title></head><body>${body.join("")}</body></html>`, list)), { numRuns: 300 });
  assert.ok(simple > 50, `only ${simple} of the random lists took the fast path`);
});

test("the element table's tag lists, kept per property, are its own, and change when the table does", async () => {
  tagListsOnce(MetaTable);
  const prototype = MetaTable.prototype as MetaTable & { [ORIGINAL_TAG_LISTS]?: MetaTable["getTagsWithProperty"] };
  const original = prototype[ORIGINAL_TAG_LISTS]!;
  assert.notEqual(original, prototype.getTagsWithProperty, "the kept lists replaced the table's own");
  const table = (await new StaticConfigLoader(VALIDATOR_CONFIG).getConfigFor("page.html")).getMetaTable();
  const properties = ["form", "formAssociated", "submitButton", "interactive", "labelable", "void", "flow", "phrasing", "heading", "sectioning", "embedded", "metadata", "deprecated", "foreign", "transparent", "scriptSupporting"] as const;
  for (const property of properties) {
    const first = table.getTagsWithProperty(property);
    assert.deepEqual(first, original.call(table, property), property);
    first.push("changed by a caller");
    assert.deepEqual(table.getTagsWithProperty(property), original.call(table, property), `${property}, after a caller changed its copy`);
  }
  assert.ok(table.getTagsWithProperty("form").includes("form"));
  (table as unknown as { addEntry(name: string, entry: object): void }).addEntry("news-form", { form: true });
  assert.ok(table.getTagsWithProperty("form").includes("news-form"), "an entry added later is listed");
});

// Every element kind with a required attribute in html-validate's table (embed, frame, html,
// iframe, img, link with a function that decides, map, object), with and without it, among others.
const withRequired = fc.constantFrom(
  "<img>", '<img src="a.jpg" alt="">', "<link>", '<link rel="stylesheet">', '<link rel="stylesheet" href="a.css">', '<link rel="preload" as="image" imagesrcset="a.jpg 1x">',
  '<link rel="preload" as="image" imagesrcset="a.jpg 480w" imagesizes="50vw">', "<iframe></iframe>", '<iframe title="t" src="a.html"></iframe>', "<embed>", '<embed src="a.swf" title="t">',
  "<map></map>", '<map name="m"></map>', "<object></object>", '<object data="a.svg"></object>', "<p>text</p>", '<a href="/">a</a>',
);

test("required attributes, asked only of the elements that have them, are the problems the rule's own setup finds", async () => {
  requiredAttributesOnce(Rule);
  type RuleClass = { setup(): void; [ORIGINAL_REQUIRED]?: () => void };
  const validator = new HtmlValidate(new StaticConfigLoader(VALIDATOR_CONFIG));
  const problems = async (html: string): Promise<string[]> =>
    (await validator.validateString(html, "page.html")).results.flatMap((result) => result.messages.map((message) => `${message.line}:${message.column} ${message.ruleId} ${message.message}`));
  await problems("<!doctype html><html><head><title>T</title></head><body></body></html>"); // the rule's class is reached here
  const prototype = Rule.prototype as unknown as { init(...args: unknown[]): void; [ORIGINAL_REQUIRED]?: (...args: unknown[]) => void };
  assert.ok(prototype[ORIGINAL_REQUIRED], "Rule.init was wrapped");
  // The rule's class, as the next page's rules are initialised.
  let ruleClass: RuleClass | undefined;
  const init = prototype.init;
  prototype.init = function (this: { name: string }, ...args: unknown[]) {
    if (this.name === "element-required-attributes") ruleClass = Object.getPrototypeOf(this) as RuleClass;
    init.apply(this, args);
  };
  await problems("<!doctype html><html><head><title>T</title></head><body></body></html>");
  prototype.init = init;
  assert.ok(ruleClass && Object.hasOwn(ruleClass, ORIGINAL_REQUIRED), "the rule's setup was replaced");
  const replaced = ruleClass.setup;
  const same = async (html: string): Promise<void> => {
    const found = await problems(html);
    ruleClass!.setup = ruleClass![ORIGINAL_REQUIRED]!;
    const expected = await problems(html);
    ruleClass!.setup = replaced;
    assert.deepEqual(found, expected, html);
  };
  await same("<!doctype html><html><head><title>T</title><link></head><body><img></body></html>");
  await fc.assert(
    fc.asyncProperty(fc.boolean(), fc.array(withRequired, { maxLength: 6 }), async (lang, body) =>
      same(`<!doctype html><html${lang ? ' lang="en"' : ""}><head><title>T</title></head><body>${body.join("\n")}</body></html>`),
    ),
    { numRuns: 150 },
  );
});

test("a page still gets html-validate's problems, with their lines", async () => {
  const result = await checkFile("bad.html", PAGE.replace("<span></span>", '<span><div>block in inline</div></span>\n<nav aria-label="Site"></nav>'));
  const rules = result.problems.map(([line, rule]) => `${line} ${rule}`);
  assert.ok(rules.includes("6 html/element-permitted-content"), rules.join("; "));
  assert.ok(rules.includes("7 html/unique-landmark"), rules.join("; "));
});
