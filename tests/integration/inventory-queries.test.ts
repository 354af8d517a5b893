import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { countInventory, listInventory, listPlatforms } from "@/lib/inventory/list";
import { parseInventoryParams } from "@/lib/inventory/schemas";
import { exportInventoryCsv } from "@/lib/inventory/export";
import { SYSTEM_ACTOR } from "@/lib/ledger/append";
import { makeActor, makeHuman, uid } from "@/tests/support/factories";

// Each test run uses its own platform name, so rows from other test files never interfere.
const platform = `Plat-${uid()}`;
const now = new Date("2026-11-29T12:00:00Z");
let owner: { id: string };
let ids: Record<string, string> = {};

beforeAll(async () => {
  owner = await makeHuman({ name: `Owner ${uid()}` });
  const mk = async (
    name: string,
    data: {
      owner?: boolean;
      due?: Date;
      risk?: number;
      env?: "PRODUCTION" | "STAGING";
      claim?: "UNCLAIMED" | "OWNED" | "ORPHANED";
    },
  ) => {
    const a = await makeActor("NHI", { platform, ownerId: data.owner ? owner.id : undefined });
    await db.actor.update({
      where: { id: a.id },
      data: {
        displayName: `${name} ${platform}`,
        riskScore: data.risk ?? 0,
        environment: data.env ?? "PRODUCTION",
      },
    });
    await db.nhiProfile.update({
      where: { actorId: a.id },
      data: {
        rotationDueAt: data.due ?? null,
        claimStatus: data.claim ?? (data.owner ? "OWNED" : "UNCLAIMED"),
      },
    });
    return a.id;
  };
  ids = {
    a: await mk("alpha", { owner: true, risk: 10 }),
    b: await mk("bravo", { risk: 60, due: new Date("2026-01-01") }),
    c: await mk("charlie", { owner: true, risk: 80, due: new Date("2027-01-01"), env: "STAGING" }),
    d: await mk("delta", { risk: 30, claim: "ORPHANED" }),
  };
});

const q = (raw: Record<string, string>) => parseInventoryParams({ platform, ...raw });
const names = async (view: "all" | "nhis", raw: Record<string, string>) =>
  (await listInventory(view, q(raw), now)).rows.map((r) => r.displayName.split(" ")[0]);

describe("inventory list queries", () => {
  it("filters by platform and sorts by name by default", async () => {
    expect(await names("nhis", {})).toEqual(["alpha", "bravo", "charlie", "delta"]);
  });
  it("filters no owner, claim status, environment, overdue rotation and risk band", async () => {
    expect(await names("nhis", { noOwner: "1" })).toEqual(["bravo", "delta"]);
    expect(await names("nhis", { claim: "ORPHANED,OWNED" })).toEqual(["alpha", "charlie", "delta"]);
    expect(await names("nhis", { env: "STAGING" })).toEqual(["charlie"]);
    expect(await names("nhis", { overdue: "1" })).toEqual(["bravo"]);
    expect(await names("nhis", { risk: "HIGH,CRITICAL" })).toEqual(["bravo", "charlie"]);
    expect(await names("nhis", { risk: "MEDIUM" })).toEqual(["delta"]);
  });
  it("sorts by several columns and searches name / external id", async () => {
    expect(await names("nhis", { sort: "riskScore.desc" })).toEqual(["charlie", "bravo", "delta", "alpha"]);
    expect(await names("nhis", { sort: "claimStatus.asc,displayName.desc" })).toEqual([
      "bravo",
      "charlie",
      "alpha",
      "delta",
    ]);
    expect(await names("nhis", { q: "charl" })).toEqual(["charlie"]);
    expect(await names("all", { q: `bravo ${platform}` })).toEqual(["bravo"]);
  });
  it("pages by offset and by keyset cursor", async () => {
    const p1 = await listInventory("nhis", q({ size: "2" }), now);
    expect(p1.rows.map((r) => r.displayName.split(" ")[0])).toEqual(["alpha", "bravo"]);
    expect(p1.total).toEqual({ value: 4, kind: "exact" });
    const p2 = await listInventory("nhis", q({ size: "2", page: "2" }), now);
    expect(p2.rows.map((r) => r.displayName.split(" ")[0])).toEqual(["charlie", "delta"]);
    const k2 = await listInventory("nhis", q({ size: "2", cursor: p1.nextCursor! }), now);
    expect(k2.rows.map((r) => r.id)).toEqual(p2.rows.map((r) => r.id));
    const desc1 = await listInventory("nhis", q({ size: "3", sort: "riskScore.desc" }), now);
    const desc2 = await listInventory(
      "nhis",
      q({ size: "3", sort: "riskScore.desc", cursor: desc1.nextCursor! }),
      now,
    );
    expect(desc2.rows.map((r) => r.displayName.split(" ")[0])).toEqual(["alpha"]);
    // A hand-made cursor whose value the sort column cannot take starts the list over.
    const made = (v: unknown) =>
      Buffer.from(JSON.stringify({ v, id: "00000000-0000-0000-0000-000000000000" })).toString("base64url");
    for (const [sort, v] of [
      ["displayName.asc", "a\u0000"],
      ["createdAt.desc", "not a date"],
      ["riskScore.desc", "NaN"],
      ["riskScore.desc", 1.5],
      ["riskScore.desc", 3e9],
    ] as const) {
      const page = await listInventory("nhis", q({ size: "2", sort, cursor: made(v) }), now);
      expect(page.rows).toHaveLength(2);
    }
  });
  it("returns owner names and ignores hostile params", async () => {
    const rows = (await listInventory("nhis", q({ noOwner: "0" }), now)).rows;
    expect(rows.find((r) => r.id === ids.a)?.ownerName).toMatch(/^Owner /);
    const weird = parseInventoryParams({
      platform,
      sort: "password.asc;DROP TABLE",
      page: "-4",
      size: "9999",
      status: "NOPE",
      q: "%_\\",
    });
    expect(weird.page).toBe(1);
    expect(weird.size).toBe(50);
    expect(weird.status).toEqual([]);
    expect((await listInventory("nhis", weird, now)).rows).toEqual([]);
  });
  it("counts exactly under the cap and lists platforms", async () => {
    expect(await countInventory("nhis", q({ noOwner: "1" }))).toEqual({ value: 2, kind: "exact" });
    expect(await listPlatforms()).toContain(platform);
  });
});

describe("inventory export", () => {
  const read = async (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

  it("streams the filtered view as CSV, header first", async () => {
    const csv = await read(
      await exportInventoryCsv("nhis", parseInventoryParams({ platform }), SYSTEM_ACTOR),
    );
    const lines = csv.trim().split("\n");
    expect(lines[0].split(",").slice(0, 3)).toEqual(["id", "displayName", "nhiType"]);
    // In id order (keyset batches), so compared as a set.
    expect(
      lines
        .slice(1)
        .map((l) => l.split(",")[1].split(" ")[0])
        .sort(),
    ).toEqual(["alpha", "bravo", "charlie", "delta"]);
  });

  it("ends with a line saying it is incomplete when the database fails part-way", async () => {
    await db.actor.count(); // the client exists, so its method can be watched
    const real = (globalThis as unknown as { triadDb: typeof db }).triadDb;
    const spy = vi.spyOn(real, "$queryRaw").mockRejectedValueOnce(new Error("connection lost"));
    try {
      const csv = await read(
        await exportInventoryCsv("nhis", parseInventoryParams({ platform }), SYSTEM_ACTOR),
      );
      expect(csv.trim().split("\n").at(-1)).toMatch(/^# EXPORT INCOMPLETE: the database failed part-way/);
    } finally {
      spy.mockRestore();
    }
  });
});
