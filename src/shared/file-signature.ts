/**
 * A file's stat signature, "size:mtimeNs:inode": while it is the same, so are the file's bytes,
 * which lets a build skip reading files it has seen. One exception, as git has it: a file written
 * within a clock tick of when its signature was recorded can change again without changing its
 * signature ("racily clean"), so such a signature is never recorded and the file is read next time.
 */

/** The signature of `stats` from `stat(…, { bigint: true })`. */
export function signatureOf(stats: { size: bigint; mtimeNs: bigint; ino: bigint }): string {
  return `${stats.size}:${stats.mtimeNs}:${stats.ino}`;
}

/** How long ago a file must have changed for its signature to be recorded: coarse file clocks tick every few milliseconds; 20 ms leaves room for several ticks. */
export const RACY_MS = 20;
const RACY_NS = BigInt(RACY_MS) * 1_000_000n;

/** The signature to record now (Date.now()), or "" when the file changed too recently to trust it. */
export function recordable(signature: string, nowMs: number = Date.now()): string {
  const mtimeNs = BigInt(signature.split(":")[1] ?? "0");
  return BigInt(nowMs) * 1_000_000n - mtimeNs > RACY_NS ? signature : "";
}
