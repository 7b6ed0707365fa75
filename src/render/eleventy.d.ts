/** The part of Eleventy's programmatic API this project uses (Eleventy 3 ships no TypeScript types). */
declare module "@11ty/eleventy" {
  /** https://www.11ty.dev/docs/programmatic/ */
  export default class Eleventy {
    constructor(input?: string, output?: string, options?: object);
    /** Renders every page into memory: one entry per template output (outputPath false for none). */
    toJSON(): Promise<unknown[]>;
    /** Silences its own log lines (it still throws on errors). */
    disableLogger(): void;
  }
}
