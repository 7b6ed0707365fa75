/** Structured data for search engines: schema.org JSON-LD, and the only safe way to print it. Pure. */
import { isOrganisation } from "./citation.ts";
import { lastChange } from "./feeds.ts";
import { absoluteUrl, type Site } from "../content/site.ts";
import type { ArticlePage, Crumb } from "./types.ts";

/** schema.org NewsArticle of an article page (https://schema.org/NewsArticle). */
export function newsArticle(site: Site, article: ArticlePage): object {
  const person = (name: string) => ({ "@type": isOrganisation(name, article.source) ? "Organization" : "Person", name });
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: article.title,
    description: article.summary,
    url: absoluteUrl(site, article.url),
    mainEntityOfPage: absoluteUrl(site, article.url),
    datePublished: article.date.datetime,
    dateModified: lastChange(article).datetime,
    ...(article.authors.length ? { author: article.authors.map(person) } : {}),
    ...(article.source ? { publisher: { "@type": "Organization", name: article.source } } : {}),
    ...(article.originalUrl ? { isBasedOn: article.originalUrl } : {}),
    ...(article.image?.largest
      ? { image: { "@type": "ImageObject", url: absoluteUrl(site, article.image.largest.url), width: article.image.largest.width, height: article.image.largest.height, caption: article.image.caption, creditText: article.image.credit } }
      : {}),
    keywords: article.tags.map((tag) => tag.name),
    inLanguage: article.lang ?? site.language,
    wordCount: article.words,
    ...(article.corrections.length ? { correction: article.corrections.map((correction) => ({ "@type": "CorrectionComment", text: correction.text, datePublished: correction.date.datetime })) } : {}),
    isPartOf: { "@type": "WebSite", name: site.title, url: absoluteUrl(site, "/") },
  };
}

/** schema.org BreadcrumbList: the trail, then the page itself (https://schema.org/BreadcrumbList). */
export function breadcrumbList(site: Site, crumbs: readonly Crumb[], current: Crumb): object {
  return {
    "@context": "https://schema.org",
    "@type": "BreadcrumbList",
    itemListElement: [...crumbs, current].map((crumb, i) => ({
      "@type": "ListItem",
      position: i + 1,
      name: crumb.label,
      item: absoluteUrl(site, crumb.url),
    })),
  };
}

/**
 * A JSON-LD <script> element. The JSON has "<", ">", "&" and the two JavaScript line separators
 * escaped, so no value (a title holding "</script>") can end the element early.
 */
export function jsonLdScript(data: object): string {
  const json = JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return `<script type="application/ld+json">${json}</script>`;
}
