/** Files replaced whole: written under a private name beside the target, then renamed over it, so a reader (or a crash) sees the old file or the new one, never half of one. */
import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";

/** Writes `data` to `file` atomically. */
export function writeFileAtomically(file: string, data: string | Uint8Array): Promise<void> {
  return replaceAtomically(file, (temporary) => writeFile(temporary, data, { flag: "wx" }));
}

/** Lets `write` fill a new private file beside `file` (e.g. with a stream), then renames it over `file`; the private file never outlives a failure. */
export async function replaceAtomically(file: string, write: (temporary: string) => Promise<void>): Promise<void> {
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    await write(temporary);
    await rename(temporary, file);
  } finally {
    await rm(temporary, { force: true });
  }
}
