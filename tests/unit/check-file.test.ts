import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { HtmlElement, Parser, StaticConfigLoader } from "html-validate";
import { checkFile, linearElementSearch, ORIGINAL, VALIDATOR_CONFIG } from "../../src/output/check-file.ts";

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

test("a page still gets html-validate's problems, with their lines", async () => {
  const result = await checkFile("bad.html", PAGE.replace("<span></span>", '<span><div>block in inline</div></span>\n<nav aria-label="Site"></nav>'));
  const rules = result.problems.map(([line, rule]) => `${line} ${rule}`);
  assert.ok(rules.includes("6 html/element-permitted-content"), rules.join("; "));
  assert.ok(rules.includes("7 html/unique-landmark"), rules.join("; "));
});
