/** Which addresses content may link to: http(s) only, so no `javascript:` or `data:` URL reaches a page. */

/** True for an absolute http(s) URL with a host: "https://example.com/2013/04/06/story". */
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** True for an http(s) origin such as "https://example.org" (no path, query or fragment). */
export function isHttpOrigin(value: string): boolean {
  if (!isHttpUrl(value)) return false;
  const url = new URL(value);
  return url.pathname === "/" && url.search === "" && url.hash === "" && url.username === "" && url.password === "";
}

/**
 * True for an old address of the site an alias may keep working: a path from the site's root
 * (under the path prefix) of letters, digits, ".", "_", "~" and "-" between slashes, naming a
 * folder ("/2013/04/05/old-slug/") or an .html page ("/news/old-page.html"). Nothing a redirect
 * page's file name, an nginx map or a meta refresh would read otherwise: no query, "..", spaces.
 */
export function isSitePath(value: string): boolean {
  return /^\/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*\/)*(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*\.html)?$/.test(value) && value !== "/";
}

/** The file a site-relative URL is served from: "/2013/04/06/x/" → "2013/04/06/x/index.html"; "/" → "index.html". */
export function outputPathOf(url: string): string {
  const relative = url.replace(/^\//, "");
  return relative === "" || relative.endsWith("/") ? `${relative}index.html` : relative;
}

/** Where the nginx map of the articles' old URLs is written (templates/redirect-map.njk), and deploy looks for it. */
export const REDIRECT_MAP = "/redirects.map";

/** The photo formats an article may show (what the image processor reads), as file name endings. */
export const IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "avif", "gif", "tif", "tiff"] as const;
