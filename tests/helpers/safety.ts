/** What "no script from content ever runs" means, as a check over HTML. */
import { Parser } from "htmlparser2";

const EXECUTABLE_ELEMENTS = new Set(["script", "iframe", "frame", "object", "embed", "svg", "math", "form", "style", "base", "meta-refresh", "template"]);
const URL_ATTRIBUTES = new Set(["href", "src", "srcset", "action", "formaction", "data", "poster", "xlink:href", "cite", "background"]);
const SCRIPT_URL = /^\s*(?:javascript|vbscript|data):/i;

// The site's own scripts and search form, from templates/ and public/: the only ones a page may have.
const OWN_SCRIPT = /^\/(?:[a-z0-9-]+\/)*(?:js\/copy\.js|js\/search\.js|pagefind\/\d{4}(?:-\d{2})?\/pagefind-ui\.js)$/;
const OWN_FORM_ACTION = /^\/(?:[a-z0-9-]+\/)*search\/$/;
// The citation block's downloads: RIS and CSL-JSON, types no browser runs, their text URL-encoded whole.
const OWN_DOWNLOAD = /^data:(?:application\/x-research-info-systems|application\/vnd\.citationstyles\.csl\+json);charset=utf-8,[A-Za-z0-9%_.!~*'()-]*$/;

/**
 * Lists whatever in `html` could run script: script-capable elements, on* handlers, style
 * attributes, and URL attributes with javascript:, vbscript: or data: schemes (entities decoded,
 * as a browser would). The site's own parts pass: its script files (empty <script src>), its
 * JSON-LD (<script type="application/ld+json"> whose whole text is one JSON value, so nothing
 * broke out of it), its search form and its citation downloads (`data:` links of RIS and
 * CSL-JSON, with `download`).
 */
export function executableParts(html: string): string[] {
  const found: string[] = [];
  let jsonLd: string | null = null;
  let ownScript = false;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const ownForm = name === "form" && OWN_FORM_ACTION.test(attributes.action ?? "") && attributes.method === "get";
        if (name === "script" && attributes.type === "application/ld+json" && Object.keys(attributes).length === 1) jsonLd = "";
        else if (name === "script" && OWN_SCRIPT.test(attributes.src ?? "") && (!attributes.type || attributes.type === "module")) ownScript = true;
        else if (EXECUTABLE_ELEMENTS.has(name) && !ownForm) found.push(`<${name}>`);
        if (name === "meta" && /refresh/i.test(attributes["http-equiv"] ?? "")) found.push("<meta http-equiv=refresh>");
        for (const [attribute, value] of Object.entries(attributes)) {
          if (/^on/i.test(attribute)) found.push(`${name}[${attribute}]`);
          if (attribute === "style") found.push(`${name}[style]`);
          const ownDownload = name === "a" && attribute === "href" && attributes.download !== undefined && OWN_DOWNLOAD.test(value);
          if (URL_ATTRIBUTES.has(attribute) && value.replace(/[\u0000-\u0020]/g, "").match(SCRIPT_URL) && !ownDownload) found.push(`${name}[${attribute}=${value}]`);
        }
      },
      ontext(text) {
        if (jsonLd !== null) jsonLd += text;
        else if (ownScript && text.trim() !== "") found.push("<script src> with inline text");
      },
      onclosetag(name) {
        if (name !== "script") return;
        if (jsonLd !== null) {
          try {
            JSON.parse(jsonLd);
          } catch {
            found.push(`JSON-LD that is not JSON: ${jsonLd.slice(0, 80)}`);
          }
        }
        jsonLd = null;
        ownScript = false;
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  return found;
}

/** Text that means a template printed something it should not have. */
export const BROKEN_OUTPUT = ["undefined", "NaN", "Invalid Date", "[object Object]", "\uFFFD"];
