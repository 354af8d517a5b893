// Pure logic for counts that stay fast at millions of rows: small groups are counted exactly
// (a bounded count stops at `cap`), big groups share what is left of the planner's table size
// estimate, in proportion to a random sample. Results say which numbers are estimates.

export type GroupCount = { key: string; count: number; estimated: boolean };

/**
 * @param bounded   key → bounded exact count (a value > cap means "at least cap+1, stopped")
 * @param cap       the bound used in the query
 * @param tableSize planner estimate of all rows (pg_class.reltuples; < 0 when unknown)
 * @param sample    key → rows of that key in a random sample (only needed for the big groups)
 */
export function combineCounts(
  bounded: ReadonlyMap<string, number>,
  cap: number,
  tableSize: number,
  sample: ReadonlyMap<string, number> = new Map(),
): GroupCount[] {
  const out: GroupCount[] = [];
  const big: string[] = [];
  let exactSum = 0;
  for (const [key, n] of bounded) {
    if (n > cap) big.push(key);
    else {
      exactSum += n;
      out.push({ key, count: n, estimated: false });
    }
  }
  if (big.length === 0) return sortByKey(out, bounded);

  // Whatever the small groups do not account for belongs to the big ones (each has > cap rows).
  const remaining = Math.max(Math.round(tableSize) - exactSum, big.length * (cap + 1));
  const weights = big.map((k) => sample.get(k) ?? 0);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  let given = 0;
  big.forEach((key, i) => {
    const share = weightSum > 0 ? weights[i] / weightSum : 1 / big.length;
    const last = i === big.length - 1;
    const raw = last ? remaining - given : Math.round(remaining * share);
    const count = Math.max(raw, cap + 1);
    given += count;
    out.push({ key, count, estimated: true });
  });
  return sortByKey(out, bounded);
}

function sortByKey(rows: GroupCount[], order: ReadonlyMap<string, number>): GroupCount[] {
  const index = new Map([...order.keys()].map((k, i) => [k, i]));
  return rows.sort((a, b) => (index.get(a.key) ?? 0) - (index.get(b.key) ?? 0));
}

/** Scales sampled group counts up to the estimated table size (all results are estimates). */
export function scaleSample(sample: ReadonlyMap<string, number>, tableSize: number): GroupCount[] {
  const total = [...sample.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return [];
  return [...sample.entries()].map(([key, n]) => ({
    key,
    count: Math.round((n / total) * tableSize),
    estimated: true,
  }));
}

/** TABLESAMPLE SYSTEM percentage that reads about `rows` rows (default 60k) of a table of `tableSize`. */
export function samplePercent(tableSize: number, rows = 60_000): number {
  if (tableSize <= 0) return 100;
  return Math.min(100, Math.max(0.01, (rows / tableSize) * 100));
}

/** Top `n` groups by count, the rest folded into one "Other" row. */
export function topWithOther(rows: GroupCount[], n: number, otherLabel = "Other"): GroupCount[] {
  const sorted = [...rows].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  if (sorted.length <= n) return sorted;
  const rest = sorted.slice(n);
  return [
    ...sorted.slice(0, n),
    {
      key: otherLabel,
      count: rest.reduce((a, r) => a + r.count, 0),
      estimated: rest.some((r) => r.estimated),
    },
  ];
}
