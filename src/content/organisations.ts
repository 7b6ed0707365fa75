/** Whether a byline names an organisation (a wire service, a desk, a newspaper) rather than a person: one list for imports and citations. */

// Words that mark a name as an organisation: "Reuters", "Associated Press", "Staff", "The Moscow Times".
const ORGANISATION_WORDS =
  /\b(?:afp|agency|ap|associated press|bloomberg|board|bureau|daily|desk|editorial|editors|gazette|guardian|herald|interfax|journal|media|network|news|newsroom|post|press|reuters|ria novosti|service|staff|tass|team|telegraph|times|tribune|wire|xinhua)\b/i;

/** True when the name reads as an organisation: "The ...", or a word such as "Press", "Times" or "Reuters". A guess from the name alone. */
export function soundsLikeOrganisation(name: string): boolean {
  return /^the\s/i.test(name.trim()) || ORGANISATION_WORDS.test(name);
}
