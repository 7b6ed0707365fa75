/** Content hashes: SHA-256 everywhere (manifests, caches, page keys, stable slug suffixes). */
import { createHash, type BinaryToTextEncoding } from "node:crypto";

/** SHA-256 of the parts, one after another, as hex (or another encoding): sha256(["key", bytes]). */
export function sha256(data: string | Uint8Array | readonly (string | Uint8Array)[], encoding: BinaryToTextEncoding = "hex"): string {
  const hash = createHash("sha256");
  for (const part of typeof data === "string" || data instanceof Uint8Array ? [data] : data) hash.update(part);
  return hash.digest(encoding);
}
