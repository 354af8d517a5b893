// Holder counts of an entitlement stop at a cap: the split by kind joins every active grant to
// its actor, so an entitlement held by 300,000 NHIs cost seconds a view (20,000: 80-520 ms), and
// a list shows fifty of them. Past the cap a count is a lower bound, shown with "+". The
// entitlement page's total counts grants alone (an index-only count) and goes further.

export const HOLDER_CAP = 1_000;
export const HOLDER_TOTAL_CAP = 100_000;

export type Holders = { HUMAN: number; NHI: number; AGENT: number; total: number; capped: boolean };

export const NO_HOLDERS: Holders = { HUMAN: 0, NHI: 0, AGENT: 0, total: 0, capped: false };

/** "1,234", or "1,000+" (a lower bound) when the count stopped at `cap`. */
export function holderCount(n: number, capped: boolean, cap = HOLDER_CAP): string {
  return capped ? `${Math.min(n, cap).toLocaleString("en-US")}+` : n.toLocaleString("en-US");
}
