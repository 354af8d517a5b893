/**
 * PostgreSQL text cannot hold NUL and no Triad address has a use for one, so an address that
 * carries `%00` (in its path or query) is refused before any page or route turns it into a
 * failed query. Returns the message to answer with, or null when the address is fine.
 */
export function refuseNulAddress(url: string): string | null {
  return url.includes("%00")
    ? "This address holds a NUL character (%00), which Triad does not accept."
    : null;
}
