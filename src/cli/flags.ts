/**
 * Command-line flags: `parseArgs` reads them, a zod schema validates every value, and each mistake
 * becomes one `UserError` naming the flag, the value and the fix.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig["options"]>;
import { z } from "zod";
import { UserError } from "../shared/errors.ts";
import { baseUrlProblem } from "../content/site.ts";

/** One command's flags: how `parseArgs` reads them and how each value is checked. */
export interface FlagSpec<Shape extends z.ZodRawShape> {
  /** `npm run build` etc., for the hint that points at `--help`. */
  command: string;
  options: ParseArgsOptionsConfig;
  schema: z.ZodObject<Shape>;
  allowPositionals?: boolean;
}

/** Parsed and validated flags, or `help: true` when --help was asked for. */
export type Flags<Shape extends z.ZodRawShape> = { help: true } | { help: false; values: z.output<z.ZodObject<Shape>>; positionals: string[] };

/** Reads and validates `args`; throws a `UserError` (exit 2) for an unknown flag or a bad value. */
export function parseFlags<Shape extends z.ZodRawShape>(args: string[], spec: FlagSpec<Shape>): Flags<Shape> {
  const hint = `See ${spec.command} -- --help.`;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options: { ...spec.options, help: { type: "boolean", short: "h" } }, allowPositionals: spec.allowPositionals ?? false, strict: true });
  } catch (error) {
    if (error instanceof TypeError && String((error as NodeJS.ErrnoException).code).startsWith("ERR_PARSE_ARGS")) {
      throw new UserError({ message: error.message.split("\n")[0]!.replace(/\. To specify a positional argument.*$/, "."), hint });
    }
    throw error;
  }
  if (parsed.values.help) return { help: true };
  const { help: _help, ...values } = parsed.values;
  const result = spec.schema.safeParse(values);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const flag = `--${String(issue.path[0] ?? "")}`;
    const given = (values as Record<string, unknown>)[String(issue.path[0])];
    throw new UserError({ message: `${flag} ${JSON.stringify(given)}: ${issue.message}`, hint });
  }
  return { help: false, values: result.data, positionals: parsed.positionals };
}

/** A flag holding a whole number from `min` to `max`, e.g. `--jobs 4`. */
export function wholeNumber(min: number, max: number, example: number): z.ZodPipe<z.ZodString, z.ZodTransform<number, string>> {
  return z.string().transform((text, context) => {
    const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
    if (!(value >= min && value <= max)) {
      context.issues.push({ code: "custom", input: text, message: `expected a whole number from ${min} to ${max}, e.g. ${example}.` });
      return z.NEVER;
    }
    return value;
  });
}

/** A flag holding a base URL, "https://example.org/archive/": http(s), a host, a path without dot segments. */
export const baseUrlFlag = z.string().superRefine((value, context) => {
  const problem = baseUrlProblem(value);
  if (problem) context.issues.push({ code: "custom", input: value, message: problem });
});

/** A flag holding a path; an empty one is a mistake, not "the current folder". */
export const pathFlag = z.string().min(1, { error: "expected a path." });
