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
