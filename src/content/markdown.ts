/**
 * Article bodies: Markdown to sanitised HTML; and citations' HTML, sanitised. The one module that
 * imports marked and sanitize-html.
 */
import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";
import { decodeHTML } from "entities";

// GitHub-flavoured Markdown as editors know it; synchronous because no extension here is async.
// Raw HTML is let through by marked and then cut down to SANITIZE_OPTIONS' allowlist.
const marked = new Marked({ gfm: true, breaks: false, async: false });

// Allowlist for article bodies: text formatting, links, quotes, lists, tables, figures.
// No scripts, styles, frames, forms, event handlers, ids (they could clash with the page's own)
// or landmark elements (the page has its own <main> and <nav>); URLs only http(s), mailto and tel,
// images only http(s), so no javascript: or data: URL survives in any spelling.
const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "blockquote", "q", "cite", "pre", "code",
    "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "abbr",
    "dfn", "kbd", "samp", "var", "time", "span", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "figure", "figcaption",
    "a", "img",
  ],
  allowedAttributes: {
    "*": ["lang", "dir", "title"],
    a: ["href", "hreflang"],
    img: ["src", "srcset", "alt", "width", "height"],
    blockquote: ["cite"],
    q: ["cite"],
    ol: ["start", "reversed"],
    th: ["align", "colspan", "rowspan", "scope"],
    td: ["align", "colspan", "rowspan"],
    time: ["datetime"],
    code: ["class"],
  },
  allowedClasses: { code: ["language-*"] },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesByTag: { img: ["http", "https"] },
  allowProtocolRelative: false,
  // The article headline is the page's only <h1>; a body "# Heading" becomes a section heading.
  // An <img> written without alt gets an empty one, so the page stays valid HTML.
  transformTags: {
    h1: "h2",
    img: (tagName, attribs) => ({ tagName, attribs: { alt: "", ...attribs } }),
  },
  // An image whose only source was refused (a data: or javascript: URL) is dropped, not left empty.
  exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs.src && !frame.attribs.srcset,
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object", "embed", "template"],
};

const TEXT_ONLY: sanitizeHtml.IOptions = { allowedTags: [], allowedAttributes: {} };

// citeproc's HTML (https://citeproc-js.readthedocs.io/en/latest/running.html#output-formats): its
// own formatting tags around the fields it escaped. Anything else would be a bug there, and goes.
const CITATION_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ["i", "b", "sup", "sub", "span"],
  allowedAttributes: { span: ["style"] },
  allowedStyles: { span: { "font-variant": [/^small-caps$/], "font-style": [/^normal$/], "font-weight": [/^normal$/] } },
  disallowedTagsMode: "discard",
};

/** A citation's HTML from citeproc, cut down to its formatting (italics, bold, small capitals, super- and subscript). */
export function sanitizeCitation(html: string): string {
  return sanitizeHtml(html, CITATION_OPTIONS);
}

/** Deepest block-quote nesting a body may have; deeper bodies make marked's work and memory explode. */
export const MAX_QUOTE_DEPTH = 64;

/** The deepest block-quote nesting in a Markdown text ("> > x" is 2), found without parsing it. */
export function quoteDepth(markdown: string): number {
  let deepest = 0;
  for (const match of markdown.matchAll(/^(?:[ \t]{0,3}>)+/gm)) {
    const depth = match[0].split(">").length - 1;
    if (depth > deepest) deepest = depth;
  }
  return deepest;
}

/** Renders a Markdown body to sanitised HTML. Throws RangeError when nesting exhausts the stack. */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false });
  return sanitizeHtml(html, SANITIZE_OPTIONS).trim();
}

/** The images of rendered HTML named by a path (no scheme, not from the site's root): their `src` and `alt`, decoded, in order. */
export function localImages(html: string): { src: string; alt: string }[] {
  return [...html.matchAll(/<img\b[^>]*>/g)].flatMap(([tag]) => {
    const src = decodeHTML(attribute(tag, "src") ?? "");
    return src === "" || /^([a-z][a-z0-9+.-]*:|\/|#)/i.test(src) ? [] : [{ src, alt: decodeHTML(attribute(tag, "alt") ?? "") }];
  });
}

/** `html` with each local image replaced by what `pictureOf` gives for its `src` (those it gives nothing for stay). */
export function replaceImages(html: string, pictureOf: (src: string) => string | undefined): string {
  return html.replace(/<img\b[^>]*>/g, (tag) => pictureOf(decodeHTML(attribute(tag, "src") ?? "")) ?? tag);
}

// An attribute's value as sanitize-html writes it: name="value", the value escaped.
function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

/** Plain text of an HTML fragment, entities decoded, whitespace collapsed. */
export function htmlToText(html: string): string {
  return decodeHTML(sanitizeHtml(html, TEXT_ONLY)).replace(/\s+/g, " ").trim();
}

/** The first paragraph of rendered HTML as plain text, for summaries; "" when there is none. */
export function firstParagraphText(html: string): string {
  const match = /<p>([\s\S]*?)<\/p>/.exec(html);
  return match?.[1] === undefined ? "" : htmlToText(match[1]);
}

/** Words in plain text, for reading time: runs of letters or digits (apostrophes and hyphens inside a word keep it whole). */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}
