/** Language tags (BCP 47, the common shapes): "en", "pt-BR", "zh-Hant-TW". */

/** True for a language tag such as "en" or "pt-BR". Linear: each part is bounded and separated by "-". */
export function isLanguageTag(value: string): boolean {
  return /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(value);
}
