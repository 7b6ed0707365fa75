/**
 * Calendar dates: the publication's own date, the same on every machine in every time zone.
 * The one module that imports date-fns.
 */
// One function per module: the package's index loads every function and locale (0.5 s at start).
import { format } from "date-fns/format";
import type { Locale } from "date-fns/locale";
import { getDaysInMonth } from "date-fns/getDaysInMonth";
import { isExists } from "date-fns/isExists";
import { isValid } from "date-fns/isValid";
import { parse } from "date-fns/parse";

/** A validated publication date. */
export interface PublicationDate {
  /** Calendar date as the publication dated it, "YYYY-MM-DD". */
  date: string;
  /** Machine-readable value as written: "2013-04-06" or "2013-04-06T23:30:00-05:00" (the instant is kept). */
  datetime: string;
  year: number;
  /** 1–12. */
  month: number;
  /** 1–31. */
  day: number;
  /** Milliseconds since the epoch: the timestamp's instant, or 00:00 UTC of the calendar date. For sorting and "now". */
  epochMs: number;
  /** Human label, "April 6, 2013". */
  label: string;
}

/** A date that could not be accepted, with what to write instead. */
export interface DateProblem {
  /** Sentence fragment after the quoted value, e.g. "is not a valid date; write YYYY-MM-DD, e.g. "2013-12-01"." */
  message: string;
}

// Date and optional time with an offset. A time without an offset names no instant, so it is refused.
const DATE_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))?)?$/;

/** Parses "YYYY-MM-DD" or an ISO timestamp with offset into a publication date, never shifting the calendar day. */
export function parsePublicationDate(value: string): PublicationDate | DateProblem {
  const m = DATE_PATTERN.exec(value.trim());
  if (!m) {
    return { message: `is not a date; write YYYY-MM-DD, e.g. "2013-04-06", or a time with offset, e.g. "2013-04-06T18:30:00+04:00".` };
  }
  const [, y, mo, d, hh, mi, ss, frac, zulu, sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (!isExists(year, month - 1, day)) {
    return { message: `is not a valid date; write YYYY-MM-DD, e.g. "${nearestValidDate(year, month, day)}".` };
  }
  const date = `${y}-${mo}-${d}`;
  const calendarMs = utcMs(year, month, day, 0, 0, 0);
  const label = formatDateLabel(year, month, day);
  if (hh === undefined || mi === undefined) {
    return { date, datetime: date, year, month, day, epochMs: calendarMs, label };
  }
  const hour = Number(hh);
  const minute = Number(mi);
  const second = Number(ss ?? "0");
  if (hour > 23 || minute > 59 || second > 59) {
    return { message: `has an impossible time of day; write hours 00–23, minutes and seconds 00–59.` };
  }
  if (zulu === undefined && sign === undefined) {
    return { message: `has a time but no offset; add one, e.g. "${date}T${hh}:${mi}:${ss ?? "00"}+00:00", or give the date alone.` };
  }
  const offsetMinutes = zulu ? 0 : (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om));
  if (Math.abs(offsetMinutes) > 14 * 60 || Number(om ?? "0") > 59) {
    return { message: `has an impossible offset; offsets run from -14:00 to +14:00.` };
  }
  const epochMs = utcMs(year, month, day, hour, minute, second) + Math.round(Number(frac ?? "0") * 1000) - offsetMinutes * 60_000;
  const offset = zulu ? "Z" : `${sign}${oh}:${om}`;
  const datetime = `${date}T${hh}:${mi}:${ss ?? "00"}${frac ?? ""}${offset}`;
  return { date, datetime, year, month, day, epochMs, label };
}

/** True when `parsePublicationDate` refused the value. */
export function isDateProblem(value: PublicationDate | DateProblem): value is DateProblem {
  return "message" in value;
}

/** "April 6, 2013", from calendar parts alone. */
export function formatDateLabel(year: number, month: number, day: number): string {
  return formatCalendarDate({ year, month, day }, "MMMM d, yyyy");
}

/** The calendar date of an instant in UTC, "YYYY-MM-DD": the same on every build machine, whatever its zone. */
export function utcDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** A calendar date in a date-fns pattern, e.g. "yyyy, MMMM d" → "2013, April 6" (in `locale`, English by default); never shifted by the machine's zone. */
export function formatCalendarDate(date: Pick<PublicationDate, "year" | "month" | "day">, pattern: string, locale?: Locale): string {
  return format(localNoon(date.year, date.month, date.day), pattern, locale ? { locale } : undefined);
}

function nearestValidDate(year: number, month: number, day: number): string {
  const m = Math.min(Math.max(month, 1), 12);
  const d = Math.min(Math.max(day, 1), getDaysInMonth(localNoon(year, m, 1)));
  return `${String(year).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

// A local Date built from the parts and formatted in the same zone gives back the same parts;
// noon keeps clear of midnight daylight-saving jumps.
function localNoon(year: number, month: number, day: number): Date {
  const date = new Date(2000, 0, 1, 12);
  date.setFullYear(year, month - 1, day); // setFullYear: the constructor maps years 0–99 to 19xx.
  return date;
}

function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

// Date lines as news dumps write them: "April 06, 2013", "April 6, 2013", "Apr. 6, 2013",
// "Sept. 3, 2013", "6 April 2013", "Friday, April 5, 2013", "2013-04-06". English month names.
const NEWS_DATE_FORMATS = ["MMMM d, yyyy", "MMM d, yyyy", "d MMMM yyyy", "d MMM yyyy", "MMMM d yyyy", "EEEE, MMMM d, yyyy", "yyyy-MM-dd"];

/** A date line from a text dump as "YYYY-MM-DD", or null when it is not one (or not a real date). */
export function parseNewsDate(line: string): string | null {
  const text = line.trim().replace(/\s+/g, " ").replace(/\b(Sept)\b/i, "Sep").replace(/\b([A-Za-z]{3,4})\./, "$1");
  if (!/\b\d{4}\b/.test(text)) return null; // a four-digit year, never "April 6, 13"
  for (const pattern of NEWS_DATE_FORMATS) {
    // date-fns refuses impossible days (February 30); the reference date only fills unused parts.
    const date = parse(text, pattern, new Date(2000, 0, 1, 12));
    if (isValid(date)) return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
  }
  return null;
}
