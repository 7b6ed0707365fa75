import { test } from "node:test";
import assert from "node:assert/strict";
import { formatCount, streamProgress } from "../../src/shared/progress.ts";

/** A stream that records what was written to it. */
function recorder(isTTY: boolean): { isTTY: boolean; text: string; write(chunk: string): void } {
  return { isTTY, text: "", write(chunk) { this.text += chunk; } };
}

test("off a terminal, each phase is one plain line when it ends", () => {
  const output = recorder(false);
  const phase = streamProgress(output).start("Parsing articles", 3);
  phase.update(1);
  phase.update(2);
  phase.end("Parsed 3 articles");
  assert.match(output.text, /^Parsed 3 articles in \d+\.\d\d s\.\n$/);
});

test("on a terminal, a phase is drawn in place and its last state stays on its line", () => {
  const output = recorder(true);
  const phase = streamProgress(output).start("Parsing articles", 14_600);
  phase.end("Parsed 14,600 articles");
  assert.match(output.text, /^\r\x1b\[2KParsing articles…\r\x1b\[2KParsed 14,600 articles in \d+\.\d\d s\.\n$/);
});

test("counts are grouped the same way on every machine", () => {
  assert.deepEqual([0, 999, 1000, 14600, 1234567].map(formatCount), ["0", "999", "1,000", "14,600", "1,234,567"]);
});
