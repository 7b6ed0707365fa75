/** Summaries for lists, feeds and meta descriptions: at most about 300 characters, cut between words. */

/** Longest summary kept whole. */
export const SUMMARY_LENGTH = 300;

/** `text` as it is when short enough, else cut at the last word boundary before the limit, with an ellipsis. */
export function cutSummary(text: string, max: number = SUMMARY_LENGTH): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > 0 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, "")}…`;
}
