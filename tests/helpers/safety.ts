/** What "no script from content ever runs" means, as a check over HTML. */
import { Parser } from "htmlparser2";

const EXECUTABLE_ELEMENTS = new Set(["script", "iframe", "frame", "object", "embed", "svg", "math", "form", "style", "base", "meta-refresh", "template"]);
const URL_ATTRIBUTES = new Set(["href", "src", "srcset", "action", "formaction", "data", "poster", "xlink:href", "cite", "background"]);
const SCRIPT_URL = /^\s*(?:javascript|vbscript|data):/i;

/**
 * Lists whatever in `html` could run script: script-capable elements, on* handlers, style
 * attributes, and URL attributes with javascript:, vbscript: or data: schemes (entities decoded,
 * as a browser would). `allowed` names elements a page may legitimately have (e.g. its own <link>).
 */
export function executableParts(html: string): string[] {
  const found: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (EXECUTABLE_ELEMENTS.has(name)) found.push(`<${name}>`);
        if (name === "meta" && /refresh/i.test(attributes["http-equiv"] ?? "")) found.push("<meta http-equiv=refresh>");
        for (const [attribute, value] of Object.entries(attributes)) {
          if (/^on/i.test(attribute)) found.push(`${name}[${attribute}]`);
          if (attribute === "style") found.push(`${name}[style]`);
          if (URL_ATTRIBUTES.has(attribute) && value.replace(/[\u0000-\u0020]/g, "").match(SCRIPT_URL)) found.push(`${name}[${attribute}=${value}]`);
        }
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  return found;
}

/** Text that means a template printed something it should not have. */
export const BROKEN_OUTPUT = ["undefined", "NaN", "Invalid Date", "[object Object]", "\uFFFD"];
