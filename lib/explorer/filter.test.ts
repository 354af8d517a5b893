import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, filterToSearchParams, parseDecisionFilter } from "./filter";
import { filterSql } from "./sql";

const now = new Date("2026-11-30T12:00:00Z");
const parse = (q: string, requireWindow = false) =>
  parseDecisionFilter(new URLSearchParams(q), { now, requireWindow });

describe("decision filter grammar", () => {
  it("defaults to the last 24 hours, or requires a window when asked", () => {
    const f = parse("");
    expect(f.to).toEqual(now);
    expect(now.getTime() - f.from.getTime()).toBe(86_400_000);
    expect(() => parse("", true)).toThrow(/time window is required/);
    expect(parse("window=15m", true).preset).toBe("15m");
  });

  it("refuses windows over 31 days, half windows, unknown fields and 10,000 values", () => {
    expect(() => parse("from=2026-01-01T00:00Z&to=2026-03-01T00:00Z")).toThrow(/longer than 31 days/);
    expect(() => parse("from=2026-01-01T00:00Z")).toThrow(/both from and to/);
    expect(() => parse("window=1y")).toThrow(/window/);
    expect(() => parse("colour=red")).toThrow(/unknown filter field colour/);
    expect(() => parse(`agent=${Array.from({ length: 10_000 }, (_, i) => `a${i}`).join(",")}`)).toThrow(
      /at most/,
    );
    expect(() => parse(Array.from({ length: 10_000 }, (_, i) => `agent=a${i}`).join("&"))).toThrow(/at most/);
    expect(() => parse("decision=maybe")).toThrow(/not one of allow, deny, error/);
    expect(() => parse("resource=doc%00x")).toThrow(/resource value holds a NUL character/);
  });

  it("ORs within a field, ANDs across fields and negates with !", () => {
    const f = parse("decision=deny&kind=AGENT,nhi&policy=!p1&policy=!p2&reason=mfa");
    expect(f.terms.decision).toEqual({ include: ["DENY"], exclude: [] });
    expect(f.terms.kind).toEqual({ include: ["AGENT", "NHI"], exclude: [] });
    expect(f.terms.policy).toEqual({ include: [], exclude: ["p1", "p2"] });
    const { where, values } = filterSql(f);
    expect(where).toMatch(/\(d\."subjectKind" = \$\d OR d\."subjectKind" = \$\d\)/);
    expect(where.match(/\(d\.policies @> ARRAY\[\$\d\]::text\[\]\) IS NOT TRUE/g)).toHaveLength(2);
    expect(where).toMatch(/^d\.at >= \$1 AND d\.at < \$2 AND /);
    expect(where.split(" AND ").length).toBeGreaterThanOrEqual(7);
    expect(values).toContain("%mfa%");
  });

  it("round-trips through the URL and escapes LIKE wildcards", () => {
    const f = parse("window=7d&agent=a1&obo=!h1&reason=100%_sure");
    expect(parseDecisionFilter(filterToSearchParams(f), { now }).terms).toEqual(f.terms);
    expect(filterSql(f).values).toContain("%100\\%\\_sure%");
  });

  it("encodes keyset cursors and refuses malformed ones", () => {
    const c = encodeCursor(now, 42n);
    expect(decodeCursor(c)).toEqual({ at: now, seq: 42n });
    for (const bad of ["x", "!!!", Buffer.from("1.2.3").toString("base64url"), "a".repeat(100)])
      expect(() => decodeCursor(bad)).toThrow(/cursor/);
  });
});
