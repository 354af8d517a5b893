// Honorifics that are not a name: "Welcome back, Mr." must never happen.
const HONORIFICS = new Set([
  "mr",
  "mrs",
  "ms",
  "miss",
  "mx",
  "dr",
  "prof",
  "sir",
  "madam",
  "mme",
  "herr",
  "frau",
  "rev",
]);

const isHonorific = (word: string) => HONORIFICS.has(word.toLowerCase().replace(/\.$/, ""));

/**
 * The name to greet someone by: their given name from the directory when there is one,
 * otherwise their full display name (never a bare honorific, never a guess at which word of
 * a display name is the given name).
 */
export function greetingName(person: { givenName?: string | null; displayName: string }): string {
  const given = person.givenName?.trim();
  if (given && !isHonorific(given)) return given;
  const display = person.displayName.trim();
  return display && !display.split(/\s+/).every(isHonorific) ? display : "there";
}
