import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { evaluateAndLog } from "@/lib/decisions/evaluate";
import { GroupCommit } from "@/lib/decisions/group-commit";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { makeHuman, uid } from "../support/factories";
import { newToken, poster, startLeanServer } from "./authzen-helpers";

let humanId: string;
let entitlementId: string;
const caller = { id: "test-client", name: "test PEP" };
const req = () => ({
  subject: { type: "human", id: humanId },
  action: { name: "readData" },
  resource: { type: "entitlement", id: entitlementId },
});

beforeAll(async () => {
  await ensureStarterPolicies();
  humanId = (await makeHuman()).id;
  const r = await db.resource.create({
    data: { name: `app-${uid()}`, kind: "APPLICATION", externalId: uid(), sourceSystem: "test" },
  });
  entitlementId = (await db.entitlement.create({ data: { resourceId: r.id, name: "user" } })).id;
  await db.grant.create({ data: { actorId: humanId, entitlementId, source: "BIRTHRIGHT" } });
});

describe("fail closed", () => {
  it("allows when the ledger write commits", async () => {
    const d = await evaluateAndLog(caller, req());
    expect(d.decision).toBe("allow");
    expect(d.seq).not.toBeNull();
  });

  it("denies every request of a batch whose ledger write fails", async () => {
    const failing = new GroupCommit(async () => {
      throw new Error("disk full");
    });
    const answers = await Promise.all([1, 2, 3].map(() => evaluateAndLog(caller, req(), failing)));
    expect(answers.map((a) => a.decision)).toEqual(["deny", "deny", "deny"]);
    expect(answers[0].reason).toMatch(/fail closed/);
  });

  describe("when the ledger table is unavailable in the database", () => {
    let server: Awaited<ReturnType<typeof startLeanServer>>;
    let post: ReturnType<typeof poster>;
    beforeAll(async () => {
      server = await startLeanServer();
      post = poster(server.url, await newToken());
      await post("/access/v1/evaluation", req()); // warm caches (client, subject, resource, policies)
      await db.$executeRawUnsafe(`ALTER TABLE "LogEntry" RENAME TO "LogEntry_away"`);
    });
    afterAll(async () => {
      await db.$executeRawUnsafe(`ALTER TABLE "LogEntry_away" RENAME TO "LogEntry"`);
      await server.close();
    });

    it("answers deny (never allow, never 500)", async () => {
      const r = await post("/access/v1/evaluation", req());
      expect(r.status).toBe(200);
      expect(r.json.decision).toBe(false);
      expect(r.json.context!.reason_admin.en).toMatch(/fail closed/);
    });
  });

  it("group-commits concurrent decisions into few transactions, each entry in the chain", async () => {
    const before = await db.logEntry.count();
    const answers = await Promise.all(Array.from({ length: 50 }, () => evaluateAndLog(caller, req())));
    expect(answers.every((a) => a.decision === "allow" && a.seq !== null)).toBe(true);
    expect(new Set(answers.map((a) => a.seq)).size).toBe(50);
    expect(await db.logEntry.count()).toBe(before + 50);
    const { verifyLedger } = await import("@/lib/ledger/verify");
    const result = await verifyLedger();
    expect(result).toMatchObject({ ok: true });
  });
});
