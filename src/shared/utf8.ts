/** Text files are UTF-8: bytes that are not are an error, never replaced by U+FFFD. */

// fatal: a wrong byte throws instead of turning into "\uFFFD"; the BOM is stripped.
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** The text of UTF-8 bytes, or null when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return UTF8.decode(bytes);
  } catch {
    return null;
  }
}
