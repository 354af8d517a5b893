import { describe, expect, it } from "vitest";
import {
  offsetOf,
  pageCount,
  parseTableParams,
  toOrderBy,
  toSearchString,
  type TableConfig,
} from "./search-params";

const config: TableConfig = {
  sortable: ["displayName", "createdAt", "nhi.platform"],
  filterable: { kind: ["HUMAN", "NHI", "AGENT"], platform: "text" },
  defaultSort: [{ id: "createdAt", desc: true }],
  defaultSize: 50,
};

describe("parseTableParams", () => {
  it("returns defaults for an empty URL", () => {
    expect(parseTableParams({}, config)).toEqual({
      page: 1,
      size: 50,
      sort: [{ id: "createdAt", desc: true }],
      q: "",
      filters: {},
      cursor: null,
    });
  });

  it("reads page, size, multi-sort, search and filters", () => {
    const p = parseTableParams(
      {
        page: "3",
        size: "100",
        sort: "displayName.asc,nhi.platform.desc",
        q: "  billing ",
        kind: "NHI,AGENT",
        platform: ["aws", "github"],
      },
      config,
    );
    expect(p.page).toBe(3);
    expect(p.size).toBe(100);
    expect(p.sort).toEqual([
      { id: "displayName", desc: false },
      { id: "nhi.platform", desc: true },
    ]);
    expect(p.q).toBe("billing");
    expect(p.filters).toEqual({ kind: ["NHI", "AGENT"], platform: ["aws", "github"] });
  });

  it("accepts URLSearchParams with repeated keys", () => {
    const p = parseTableParams(new URLSearchParams("kind=HUMAN&kind=NHI&kind=HUMAN"), config);
    expect(p.filters.kind).toEqual(["HUMAN", "NHI"]);
  });

  it("caps the page size at 200 and falls back on junk", () => {
    expect(parseTableParams({ size: "100000" }, config).size).toBe(50);
    expect(parseTableParams({ size: "200" }, { ...config, maxSize: 1000 }).size).toBe(200);
    expect(parseTableParams({ size: "201" }, { ...config, maxSize: 1000 }).size).toBe(50);
    expect(parseTableParams({ size: "-4", page: "abc" }, config)).toMatchObject({ size: 50, page: 1 });
    expect(parseTableParams({ page: "0" }, config).page).toBe(1);
    expect(parseTableParams({ page: "2.5" }, config).page).toBe(1);
  });

  it("drops sort keys and filter values that are not allowed", () => {
    const p = parseTableParams(
      {
        sort: "password.asc,displayName.sideways,createdAt.desc,createdAt.asc",
        kind: "ROBOT,HUMAN",
        secret: "x",
      },
      config,
    );
    expect(p.sort).toEqual([{ id: "createdAt", desc: true }]);
    expect(p.filters).toEqual({ kind: ["HUMAN"] });
    expect(p.filters).not.toHaveProperty("secret");
  });

  it("treats a bare sort id as ascending and keeps at most 3 keys", () => {
    const p = parseTableParams({ sort: "displayName" }, config);
    expect(p.sort).toEqual([{ id: "displayName", desc: false }]);
    const many = parseTableParams(
      { sort: "displayName.asc,createdAt.asc,nhi.platform.asc" },
      { ...config, maxSortKeys: 2 },
    );
    expect(many.sort).toHaveLength(2);
  });

  it("drops an over-long search and refuses hostile cursors", () => {
    expect(parseTableParams({ q: "x".repeat(201) }, config).q).toBe("");
    expect(parseTableParams({ cursor: "abc'; drop table" }, config).cursor).toBeNull();
    expect(parseTableParams({ cursor: "eyJpZCI6IjEifQ==" }, config).cursor).toBe("eyJpZCI6IjEifQ==");
  });

  it("rejects free-text filter values over 200 characters", () => {
    expect(parseTableParams({ platform: "a".repeat(201) }, config).filters).toEqual({});
  });

  it("drops a search or filter value holding NUL, which PostgreSQL text cannot store", () => {
    const parsed = parseTableParams(new URLSearchParams("q=a%00b&platform=aws,x%00y"), config);
    expect(parsed.q).toBe("");
    expect(parsed.filters).toEqual({ platform: ["aws"] });
  });
});

describe("helpers", () => {
  it("offsetOf and pageCount", () => {
    expect(offsetOf({ page: 3, size: 50 })).toEqual({ skip: 100, take: 50 });
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(101, 50)).toBe(3);
  });

  it("toOrderBy maps ids through builders and appends a tiebreaker", () => {
    const orderBy = toOrderBy<Record<string, unknown>>(
      [
        { id: "nhi.platform", desc: true },
        { id: "unknown", desc: false },
      ],
      { "nhi.platform": (d) => ({ nhi: { platform: d } }) },
      { id: "asc" },
    );
    expect(orderBy).toEqual([{ nhi: { platform: "desc" } }, { id: "asc" }]);
  });

  it("toSearchString round-trips through parseTableParams", () => {
    const params = parseTableParams(
      { page: "2", size: "25", sort: "displayName.asc", q: "ci bot", kind: "NHI" },
      config,
    );
    const again = parseTableParams(new URLSearchParams(toSearchString(params)), config);
    expect(again).toEqual(params);
  });
});
