/**
 * Addresses the console refuses before any page sees them, with the message to answer (a 400),
 * or null when the address is fine:
 * - `%00` anywhere: PostgreSQL text cannot hold NUL and no Triad address has a use for one;
 * - a path segment that does not decode (`%ED%A0%80`, `%ZZ`): Next.js answers those with a
 *   500 on any dynamic route in production (vercel/next.js#92527).
 */
export function refuseAddress(url: string): string | null {
  if (url.includes("%00")) return "This address holds a NUL character (%00), which Triad does not accept.";
  const path = new URL(url).pathname;
  for (const segment of path.split("/"))
    try {
      decodeURIComponent(segment);
    } catch {
      return "This address holds a percent-encoded sequence that is not UTF-8 text.";
    }
  return null;
}
