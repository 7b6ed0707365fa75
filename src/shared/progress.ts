/**
 * Progress of long work, one line per phase with its count and time: updated in place on a
 * terminal, written once when the phase ends elsewhere (CI logs, pipes), so a log reads as a list.
 */

/** Reports one phase: counts while it runs, a closing line when it ends. */
export interface Phase {
  /** `done` of the phase's total so far; shown on a terminal, at most ten times a second. */
  update(done: number): void;
  /** Ends the phase: "Parsed 10,000 articles (9,990 from the cache)" becomes "… in 1.20 s." */
  end(summary: string): void;
}

/** Starts phases. A build is given one; tests and the preview pass `silentProgress`. */
export interface Progress {
  /** `label` is the running form, "Parsing articles"; `total` the count to reach, when known. */
  start(label: string, total?: number): Phase;
}

/** Reports nothing. */
export const silentProgress: Progress = {
  start: () => ({ update() {}, end() {} }),
};

/** A stream text is written to, like process.stdout. */
export interface TextOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** Progress on `output`: in place when it is a terminal, plain lines otherwise. */
export function streamProgress(output: TextOutput = process.stdout): Progress {
  const live = output.isTTY === true;
  return {
    start(label, total) {
      const started = performance.now();
      let shown = 0;
      const draw = (text: string): void => void output.write(`\r\x1b[2K${text}`);
      if (live) draw(`${label}…`);
      return {
        update(done) {
          if (!live || performance.now() - shown < 100) return;
          shown = performance.now();
          draw(`${label}… ${formatCount(done)}${total === undefined ? "" : ` of ${formatCount(total)}`}`);
        },
        end(summary) {
          const line = `${summary} in ${((performance.now() - started) / 1000).toFixed(2)} s.`;
          if (live) draw(`${line}\n`);
          else output.write(`${line}\n`);
        },
      };
    },
  };
}

/** 14600 → "14,600": the same on every machine, whatever its locale. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
