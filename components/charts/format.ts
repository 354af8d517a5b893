const nf = new Intl.NumberFormat("en-US");
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

/** 1234567 → "1,234,567"; with `estimated`, "≈ 1,234,567". */
export function formatCount(n: number, estimated = false): string {
  return `${estimated ? "≈ " : ""}${nf.format(n)}`;
}

/** 1234567 → "1.2M" (axis ticks). */
export function formatCompact(n: number): string {
  return compact.format(n);
}
