/** The part of citeproc-js (https://citeproc-js.readthedocs.io/en/latest/running.html) that citation-styles.ts uses. */
declare module "citeproc" {
  namespace CSL {
    /** How the engine gets locales and items. */
    interface Sys {
      retrieveLocale(lang: string): string;
      retrieveItem(id: string): object;
    }
    class Engine {
      /** `style` and the locales are CSL XML; `forceLang` uses `lang` even when the style names a default locale. */
      constructor(sys: Sys, style: string, lang?: string, forceLang?: boolean);
      setOutputFormat(format: "html" | "text" | "rtf"): void;
      /** Makes these items the ones the bibliography lists; `nosort` leaves them unsorted. */
      updateItems(ids: string[], nosort?: boolean): string[];
      /** The bibliography's settings and its entries, one string each. */
      makeBibliography(): [params: object, entries: string[]];
    }
  }
  export default CSL;
}
