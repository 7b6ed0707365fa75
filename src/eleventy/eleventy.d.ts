/** The part of Eleventy's programmatic API this project uses (Eleventy 3 ships no TypeScript types). */
declare module "@11ty/eleventy" {
  /** https://www.11ty.dev/docs/programmatic/ */
  export default class Eleventy {
    constructor(input?: string, output?: string, options?: object);
    init(): Promise<void>;
    write(): Promise<unknown>;
    watch(): Promise<void>;
  }
}
