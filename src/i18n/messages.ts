/**
 * The interface's words in each language it speaks: one catalogue per language (`en.json`,
 * `ru.json`: the same keys, `{name}` for what is filled in; date patterns are date-fns's), and
 * the date formats of date-fns's locale for that language. A page speaks its article's language
 * (`lang`) or the site's (`language` in site.json); any language without a catalogue is English.
 */
import { ru } from "date-fns/locale/ru";
import enCatalogue from "./en.json" with { type: "json" };
import ruCatalogue from "./ru.json" with { type: "json" };
import type { Locale } from "date-fns/locale";
import { formatCalendarDate, type PublicationDate } from "../content/dates.ts";

/** The languages with a catalogue. */
export const UI_LANGUAGES = ["en", "ru"] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

/** A catalogue: message key → text. */
export type Catalogue = Readonly<Record<string, string>>;

/** Each language's catalogue. */
export const CATALOGUES: Readonly<Record<UiLanguage, Catalogue>> = { en: enCatalogue, ru: ruCatalogue };

// date-fns's English is its default; Russian declines month names in dates ("6 апреля").
const LOCALES: Readonly<Record<UiLanguage, Locale | undefined>> = { en: undefined, ru };

/** The interface language for a BCP 47 tag: its primary language when there is a catalogue for it ("ru-RU" → "ru"), else English. */
export function uiLanguage(tag: string | null | undefined): UiLanguage {
  const primary = (tag ?? "").split("-")[0]!.toLowerCase();
  return (UI_LANGUAGES as readonly string[]).includes(primary) ? (primary as UiLanguage) : "en";
}

/** The text of `key` in `lang`, with `{name}` filled from `values`. An unknown key is a bug: it throws. */
export function message(lang: UiLanguage, key: string, values: Readonly<Record<string, string | number>> = {}): string {
  const text = CATALOGUES[lang][key];
  if (text === undefined) throw new Error(`No message "${key}" in the ${lang} catalogue (src/i18n/${lang}.json).`);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

/** A counted phrase in `lang`, by the language's plural rules: `counting(lang, "count.article", 3)` → "3 articles", "3 статьи". */
export function counting(lang: UiLanguage, key: string, count: number): string {
  return message(lang, `${key}.${pluralRules(lang).select(count)}`, { count });
}

const rules = new Map<UiLanguage, Intl.PluralRules>();
function pluralRules(lang: UiLanguage): Intl.PluralRules {
  let found = rules.get(lang);
  if (!found) rules.set(lang, (found = new Intl.PluralRules(lang)));
  return found;
}

/** A calendar date in `lang`: "April 6, 2013", "6 апреля 2013 г."; a month: "April 2013", "Апрель 2013 г."; a day of the year: "April 6", "6 апреля". */
export function formatDate(lang: UiLanguage, date: Pick<PublicationDate, "year" | "month" | "day">, form: "day" | "month" | "monthDay" = "day"): string {
  const text = formatCalendarDate(date, message(lang, `date.${form}`), LOCALES[lang]);
  return text.charAt(0).toUpperCase() + text.slice(1); // a month standing alone starts a label: "Апрель"
}

/** What comes before each of `count` names in `lang`: "", ", ", " and " ("A, B and C"; "А, Б и В"). */
export function listSeparators(lang: UiLanguage, count: number): string[] {
  return Array.from({ length: count }, (_, i) => (i === 0 ? "" : i === count - 1 ? message(lang, "list.and") : message(lang, "list.comma")));
}
