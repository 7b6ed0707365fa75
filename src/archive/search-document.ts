/**
 * What Pagefind indexes for an article: a small HTML document made from its record, not its
 * rendered page. It holds what the article page shows readers in its `<article>` (headline and
 * body, the only text indexed), the filters (year, authors, sources, tags), the sort key and the
 * metadata search results print (date, byline, source), marked up as Pagefind reads them
 * (https://pagefind.app/docs/indexing/). The rest of the page (navigation, related articles,
 * citations) was never indexed, and Pagefind parses a document of 3 KB instead of 13 KB.
 * Made from the record, the index does not wait for the pages to be rendered, and a bundle's
 * documents say by their hashes whether it must be made again. Pure.
 */
import { escapeAttribute, escapeText } from "entities";
import type { ArticlePage } from "./types.ts";

/**
 * The document Pagefind indexes for `page`, whose body (sanitised HTML, as the page prints it) is
 * `body`.
 */
export function searchDocument(page: ArticlePage, body: string): string {
  const hidden = (kind: "filter" | "meta", name: string, text: string) => `<span data-pagefind-${kind}="${name}">${escapeText(text)}</span>`;
  const filters = [
    hidden("filter", "year", page.year.label),
    ...page.authorGroups.map((group) => hidden("filter", "author", pagefindFilterText(group.name))),
    ...(page.sourceGroup ? [hidden("filter", "source", pagefindFilterText(page.sourceGroup.name))] : []),
    ...page.tags.map((tag) => hidden("filter", "tag", pagefindFilterText(tag.name))),
  ];
  const meta = [
    `<time datetime="${escapeAttribute(page.date.datetime)}" data-pagefind-meta="date" data-pagefind-sort="date[datetime]">${escapeText(page.day.label)}</time>`,
    ...(page.authorGroups.length > 0 ? [hidden("meta", "by", page.byline.map((part) => part.before + part.author.name).join(""))] : []),
    ...(page.sourceGroup ? [hidden("meta", "source", page.sourceGroup.name)] : []),
  ];
  // data-pagefind-ignore keeps their text out of the index; their filters and metadata still count.
  return `<!doctype html><html><body><article data-pagefind-body><h1>${escapeText(page.title)}</h1><div data-pagefind-ignore>${[...meta, ...filters].join("")}</div><div>${body}</div></article></body></html>`;
}

/**
 * A filter value (a tag, author or source name) as a document must hold it for Pagefind. Its UI
 * (1.6) prints filter values as HTML, so "<img src=x onerror=…>" as an author's name would run in
 * the search page; and its indexer decodes character references in a filter's text once more.
 * Escaped twice here (and once more as the document's text), the name reaches the UI escaped once
 * and is printed as written. The search tests check both, in a browser.
 */
export function pagefindFilterText(name: string): string {
  const escape = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  return escape(escape(name));
}
