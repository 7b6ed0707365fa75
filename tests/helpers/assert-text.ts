/** Text assertions that show where they looked: a miss prints the text around the nearest partial match. */
import assert from "node:assert/strict";

/** Asserts that `text` contains `needle`; on a miss, shows the longest start of `needle` that is there, in context. */
export function assertIncludes(text: string, needle: string, message?: string): void {
  if (text.includes(needle)) return;
  let length = needle.length - 1;
  while (length > 0 && !text.includes(needle.slice(0, length))) length = Math.floor(length / 2);
  const at = length > 0 ? text.indexOf(needle.slice(0, length)) : -1;
  const context = at === -1 ? `${text.slice(0, 300)}…` : `…${text.slice(Math.max(0, at - 80), at + needle.length + 120)}…`;
  assert.fail(`${message ? `${message}: ` : ""}expected to find\n  ${JSON.stringify(needle)}\n${at === -1 ? "no part of it was found; the text begins" : `the closest match starts at ${at}`}:\n  ${JSON.stringify(context)}`);
}
