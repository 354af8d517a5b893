import { describe, expect, it } from "vitest";
import { combineCounts, samplePercent, scaleSample, topWithOther } from "./estimate";

const m = (entries: [string, number][]) => new Map(entries);

describe("combineCounts", () => {
  it("keeps exact counts when every group is under the cap", () => {
    const rows = combineCounts(
      m([
        ["HUMAN", 320],
        ["NHI", 4200],
        ["AGENT", 0],
      ]),
      100_000,
      -1,
    );
    expect(rows).toEqual([
      { key: "HUMAN", count: 320, estimated: false },
      { key: "NHI", count: 4200, estimated: false },
      { key: "AGENT", count: 0, estimated: false },
    ]);
  });

  it("gives one big group the table estimate minus the exact small groups", () => {
    const rows = combineCounts(
      m([
        ["HUMAN", 20_000],
        ["NHI", 100_001],
        ["AGENT", 500],
      ]),
      100_000,
      1_020_500,
    );
    expect(rows.find((r) => r.key === "NHI")).toEqual({ key: "NHI", count: 1_000_000, estimated: true });
    expect(rows.find((r) => r.key === "HUMAN")).toEqual({ key: "HUMAN", count: 20_000, estimated: false });
  });

  it("splits several big groups by the sample and never goes under the cap", () => {
    const rows = combineCounts(
      m([
        ["A", 1001],
        ["B", 1001],
        ["C", 10],
      ]),
      1000,
      10_010,
      m([
        ["A", 300],
        ["B", 100],
      ]),
    );
    const a = rows.find((r) => r.key === "A")!;
    const b = rows.find((r) => r.key === "B")!;
    expect(a.count + b.count).toBe(10_000);
    expect(a.count).toBe(7500);
    expect(b.estimated).toBe(true);
    // stale statistics (table estimate too small) still respect the bound
    const stale = combineCounts(
      m([
        ["A", 1001],
        ["B", 1001],
      ]),
      1000,
      50,
    );
    expect(stale.every((r) => r.count >= 1001)).toBe(true);
  });
});

describe("sampling helpers", () => {
  it("scaleSample scales to the table size", () => {
    expect(
      scaleSample(
        m([
          ["aws", 30],
          ["gcp", 10],
        ]),
        1000,
      ),
    ).toEqual([
      { key: "aws", count: 750, estimated: true },
      { key: "gcp", count: 250, estimated: true },
    ]);
    expect(scaleSample(new Map(), 1000)).toEqual([]);
  });

  it("samplePercent reads about 60k rows, within 0.01..100", () => {
    expect(samplePercent(1_000_000)).toBeCloseTo(6);
    expect(samplePercent(1000)).toBe(100);
    expect(samplePercent(10_000_000, 30_000)).toBeCloseTo(0.3);
    expect(samplePercent(-1)).toBe(100);
    expect(samplePercent(1e12)).toBe(0.01);
  });

  it("topWithOther folds the tail", () => {
    const rows = [5, 4, 3, 2, 1].map((n, i) => ({ key: `p${i}`, count: n, estimated: false }));
    expect(topWithOther(rows, 3)).toEqual([
      { key: "p0", count: 5, estimated: false },
      { key: "p1", count: 4, estimated: false },
      { key: "p2", count: 3, estimated: false },
      { key: "Other", count: 3, estimated: false },
    ]);
  });
});
