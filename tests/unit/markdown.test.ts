import { test } from "node:test";
import assert from "node:assert/strict";
import { firstParagraphText, renderMarkdown } from "../../src/content/markdown.ts";

test("ordinary formatting, links and quotes survive", () => {
  assert.equal(
    renderMarkdown('He said "it *has* to stop."\n\n> A quote with [a link](https://example.org/a?b=1&c=2).'),
    '<p>He said "it <em>has</em> to stop."</p>\n<blockquote>\n<p>A quote with <a href="https://example.org/a?b=1&amp;c=2">a link</a>.</p>\n</blockquote>',
  );
});

test("scripts, event handlers, javascript: and data: URLs never survive", () => {
  const hostile = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload="alert(1)"><circle/></svg>',
    '<p style="background:url(javascript:alert(1))">x</p>',
  ].join("\n\n");
  const html = renderMarkdown(hostile);
  assert.doesNotMatch(html, /<script|<iframe|<svg|onerror|onload|javascript:|data:|style=/i);
});

test("template syntax in a body is text", () => {
  assert.equal(renderMarkdown("{{ 7*7 }} and {% raw %}"), "<p>{{ 7*7 }} and {% raw %}</p>");
});

test("a body heading never competes with the page's h1", () => {
  assert.equal(renderMarkdown("# Heading"), "<h2>Heading</h2>");
});

test("the first paragraph as plain text, entities decoded", () => {
  assert.equal(firstParagraphText("<p>Tom &amp; <em>Jerry</em>'s\n tale</p><p>Second</p>"), "Tom & Jerry's tale");
  assert.equal(firstParagraphText("<ul><li>x</li></ul>"), "");
});
