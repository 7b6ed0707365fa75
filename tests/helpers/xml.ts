/** XML well-formedness, checked by a strict XML 1.0 parser (saxes) that refuses what feed readers refuse. */
import { SaxesParser } from "saxes";

/** Every well-formedness error in `xml` as "line:column: message"; [] when it is well-formed. */
export function xmlErrors(xml: string): string[] {
  const errors: string[] = [];
  const parser = new SaxesParser({ xmlns: true, position: true });
  parser.on("error", (error) => errors.push(error.message));
  parser.write(xml).close();
  return errors;
}
