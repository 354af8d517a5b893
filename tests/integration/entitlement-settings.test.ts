import { NOT_PERMITTED } from "@/lib/auth/session";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { ROLE_PERMISSIONS } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";
import { updateEntitlementSettingsAction } from "@/lib/inventory/actions";
import type { EntitlementSettings } from "@/lib/inventory/entitlement-settings-schema";
import { verifyLedger } from "@/lib/ledger/verify";
import { setRequestCookies } from "../support/next-request";
import { callAction, sessionCookie, type Action } from "../support/actions";
import { submitRequest } from "@/lib/requests/submit";
import { makeHuman, makeUser } from "../support/factories";
import { makeEntitlement, signedIn } from "./requests-support";

// An entitlement's request settings, changed through the SERVER ACTION with real sessions for
// every role: only an admin changes them, bad input is refused with a clear message and writes
// nothing, every change is one ledger entry with the before/after diff, and a save made from a
// form showing settings someone else has since changed is refused instead of overwriting them.
vi.mock("next/headers", () => import("../support/next-request"));
vi.mock("next/cache", () => import("../support/next-cache"));

const REFUSED = NOT_PERMITTED;
const ROLES = Object.keys(ROLE_PERMISSIONS) as Role[];
const action = updateEntitlementSettingsAction as unknown as Action;
type Result = { ok: boolean; error?: string; fieldErrors?: Record<string, string[]>; data?: unknown };

const CHANGED_ELSEWHERE = /changed by someone else since you opened them; reload the page/;
const DEFAULTS: EntitlementSettings = { privileged: false, maxDurationMinutes: null, securitySignOff: false };
/** The hidden fields of a form that was opened showing these settings, as the page posts them. */
const shown = (s: EntitlementSettings = DEFAULTS) =>
  ({
    shownPrivileged: s.privileged ? "true" : "false",
    shownMaxDurationMinutes: s.maxDurationMinutes === null ? "" : String(s.maxDurationMinutes),
    shownSecuritySignOff: s.securitySignOff ? "true" : "false",
  }) as const;

const cookieOf = new Map<Role, string>();
let startSeq = 1n;

beforeAll(async () => {
  startSeq =
    ((await db.logEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }))?.seq ?? 0n) + 1n;
  for (const role of ROLES) cookieOf.set(role, await sessionCookie((await makeUser([role])).user.id));
});
afterAll(() => setRequestCookies(""));

async function as(role: Role, input: unknown): Promise<Result> {
  setRequestCookies(cookieOf.get(role)!);
  return (await callAction(action, input)) as Result;
}

const settingsOf = (id: string) =>
  db.entitlement.findUniqueOrThrow({
    where: { id },
    select: { privileged: true, maxDurationMinutes: true, securitySignOff: true },
  });
const entriesOf = (id: string) =>
  db.logEntry.findMany({
    where: { target: `entitlement:${id}`, action: "entitlement.settings_changed" },
    orderBy: { seq: "asc" },
  });

describe("entitlement access settings action", () => {
  it("lets only an admin change them, for every role", async () => {
    const ent = await makeEntitlement();
    for (const role of ROLES) {
      const r = await as(role, {
        entitlementId: ent.id,
        maxDurationMinutes: "120",
        securitySignOff: "on",
        ...shown(),
      });
      if (role === "ADMIN") expect(r, role).toMatchObject({ ok: true });
      else expect(r, role).toEqual({ ok: false, error: REFUSED });
    }
    expect(await settingsOf(ent.id)).toEqual({
      privileged: false,
      maxDurationMinutes: 120,
      securitySignOff: true,
    });
    expect(await entriesOf(ent.id)).toHaveLength(1);
  });

  it("records one ledger entry per change with the before/after diff, and none for no change", async () => {
    const ent = await makeEntitlement({ maxDurationMinutes: 60 });
    // A form post: ticked boxes are "on", an unticked one is absent, "" is the policy default.
    const form = new FormData();
    form.set("entitlementId", ent.id);
    form.set("privileged", "on");
    form.set("maxDurationMinutes", "");
    for (const [k, v] of Object.entries(shown({ ...DEFAULTS, maxDurationMinutes: 60 }))) form.set(k, v);
    setRequestCookies(cookieOf.get("ADMIN")!);
    const r = (await updateEntitlementSettingsAction(form)) as Result;
    expect(r).toEqual({ ok: true, data: { changed: ["privileged", "maxDurationMinutes"] } });
    expect(await settingsOf(ent.id)).toEqual({
      privileged: true,
      maxDurationMinutes: null,
      securitySignOff: false,
    });
    const [entry] = await entriesOf(ent.id);
    expect(entry.actorKind).toBe("USER");
    expect(entry.details).toMatchObject({
      entitlementId: ent.id,
      entitlement: ent.name,
      before: { privileged: false, maxDurationMinutes: 60 },
      after: { privileged: true, maxDurationMinutes: null },
    });
    expect(Object.keys((entry.details as { after: object }).after).sort()).toEqual([
      "maxDurationMinutes",
      "privileged",
    ]);

    // JSON booleans and numbers work too; the same values again write nothing.
    const same = {
      entitlementId: ent.id,
      privileged: true,
      maxDurationMinutes: null,
      securitySignOff: false,
      ...shown({ privileged: true, maxDurationMinutes: null, securitySignOff: false }),
    };
    expect(await as("ADMIN", same)).toEqual({ ok: true, data: { changed: [] } });
    expect(await entriesOf(ent.id)).toHaveLength(1);
    expect(await as("ADMIN", { ...same, maxDurationMinutes: 480 })).toMatchObject({ ok: true });
    expect(await entriesOf(ent.id)).toHaveLength(2);
    expect((await verifyLedger(startSeq)).ok).toBe(true);
  });

  it("refuses bad input with a clear message and writes nothing", async () => {
    const ent = await makeEntitlement({ maxDurationMinutes: 240 });
    const before = await settingsOf(ent.id);
    const bad: Array<[string, Record<string, unknown>, string]> = [
      ["negative", { maxDurationMinutes: "-30" }, "maxDurationMinutes"],
      ["zero", { maxDurationMinutes: 0 }, "maxDurationMinutes"],
      ["below 15 minutes", { maxDurationMinutes: 14 }, "maxDurationMinutes"],
      ["above 90 days", { maxDurationMinutes: 90 * 24 * 60 + 1 }, "maxDurationMinutes"],
      ["huge", { maxDurationMinutes: "99999999999999999999" }, "maxDurationMinutes"],
      ["a fraction", { maxDurationMinutes: 90.5 }, "maxDurationMinutes"],
      ["exponent text", { maxDurationMinutes: "1e3" }, "maxDurationMinutes"],
      ["a word", { maxDurationMinutes: "forever" }, "maxDurationMinutes"],
      ["an object", { maxDurationMinutes: { n: 60 } }, "maxDurationMinutes"],
      ["missing duration", { maxDurationMinutes: undefined }, "maxDurationMinutes"],
      ["a non-boolean flag", { maxDurationMinutes: 60, securitySignOff: "maybe" }, "securitySignOff"],
      ["a numeric flag", { maxDurationMinutes: 60, privileged: 1 }, "privileged"],
      ["a bad id", { entitlementId: "not-a-uuid", maxDurationMinutes: 60 }, "entitlementId"],
      // What the form showed is required: a post without it is never saved unconditionally.
      ["no shown flag", { maxDurationMinutes: 60, shownPrivileged: undefined }, "shownPrivileged"],
      [
        "a non-boolean shown flag",
        { maxDurationMinutes: 60, shownSecuritySignOff: "on" },
        "shownSecuritySignOff",
      ],
      [
        "no shown duration",
        { maxDurationMinutes: 60, shownMaxDurationMinutes: undefined },
        "shownMaxDurationMinutes",
      ],
      [
        "a word as shown duration",
        { maxDurationMinutes: 60, shownMaxDurationMinutes: "x" },
        "shownMaxDurationMinutes",
      ],
    ];
    const opened = shown({ ...DEFAULTS, maxDurationMinutes: 240 });
    for (const [label, input, field] of bad) {
      const r = await as("ADMIN", { entitlementId: ent.id, securitySignOff: true, ...opened, ...input });
      expect(r.ok, label).toBe(false);
      expect(r.error, label).toBe("Please correct the highlighted fields.");
      expect(r.fieldErrors?.[field]?.[0], label).toMatch(/\w/);
    }
    const r = await as("ADMIN", { entitlementId: ent.id, maxDurationMinutes: -30, ...opened });
    expect(r.fieldErrors?.maxDurationMinutes?.[0]).toMatch(/from 15 to 129,600 \(90 days\)/);

    const unknown = await as("ADMIN", {
      entitlementId: "00000000-0000-4000-8000-000000000000",
      maxDurationMinutes: 60,
      ...shown(),
    });
    expect(unknown).toEqual({ ok: false, error: "That entitlement does not exist." });

    expect(await settingsOf(ent.id)).toEqual(before);
    expect(await entriesOf(ent.id)).toHaveLength(0);
  });

  it("refuses a save from a form opened before someone else's change, writing and ledgering nothing", async () => {
    const ent = await makeEntitlement();
    const admin2 = await sessionCookie((await makeUser(["ADMIN"])).user.id);
    // Both admins opened the page showing the defaults. The first saves 60 minutes ...
    expect(await as("ADMIN", { entitlementId: ent.id, maxDurationMinutes: 60, ...shown() })).toMatchObject({
      ok: true,
    });
    // ... the second, still showing the defaults, saves sign-off: refused, not a silent undo of 60.
    setRequestCookies(admin2);
    const stale = await updateEntitlementSettingsAction({
      entitlementId: ent.id,
      maxDurationMinutes: null,
      securitySignOff: true,
      ...shown(),
    });
    expect(stale).toEqual({ ok: false, error: expect.stringMatching(CHANGED_ELSEWHERE) });
    // Even a stale save of what is already there is refused: the admin has not seen the change.
    setRequestCookies(admin2);
    expect(
      await updateEntitlementSettingsAction({ entitlementId: ent.id, maxDurationMinutes: 60, ...shown() }),
    ).toMatchObject({ ok: false, error: expect.stringMatching(CHANGED_ELSEWHERE) });
    expect(await settingsOf(ent.id)).toEqual({ ...DEFAULTS, maxDurationMinutes: 60 });
    expect(await entriesOf(ent.id)).toHaveLength(1);

    // After reloading, the form shows 60 minutes and the save goes through on top of it.
    setRequestCookies(admin2);
    const fresh = await updateEntitlementSettingsAction({
      entitlementId: ent.id,
      maxDurationMinutes: 60,
      securitySignOff: true,
      ...shown({ ...DEFAULTS, maxDurationMinutes: 60 }),
    });
    expect(fresh).toEqual({ ok: true, data: { changed: ["securitySignOff"] } });
    expect(await settingsOf(ent.id)).toEqual({
      privileged: false,
      maxDurationMinutes: 60,
      securitySignOff: true,
    });
    expect(await entriesOf(ent.id)).toHaveLength(2);
  });

  it("of two admins saving at once from the same settings, one wins and the other is told", async () => {
    const ent = await makeEntitlement();
    const admin2 = await sessionCookie((await makeUser(["ADMIN"])).user.id);
    setRequestCookies(cookieOf.get("ADMIN")!);
    const a = updateEntitlementSettingsAction({ entitlementId: ent.id, maxDurationMinutes: 60, ...shown() });
    setRequestCookies(admin2);
    const b = updateEntitlementSettingsAction({ entitlementId: ent.id, maxDurationMinutes: 120, ...shown() });
    const results = await Promise.all([a, b]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const lost = results.find((r) => !r.ok);
    expect(lost).toEqual({ ok: false, error: expect.stringMatching(CHANGED_ELSEWHERE) });
    const entries = await entriesOf(ent.id);
    expect(entries).toHaveLength(1);
    const won = entries[0].details as { before: object; after: { maxDurationMinutes: number } };
    expect(won.before).toEqual({ maxDurationMinutes: null });
    expect((await settingsOf(ent.id)).maxDurationMinutes).toBe(won.after.maxDurationMinutes);
  });

  it("bounds the next request by the maximum the admin set", async () => {
    const ent = await makeEntitlement();
    expect(await as("ADMIN", { entitlementId: ent.id, maxDurationMinutes: 60, ...shown() })).toMatchObject({
      ok: true,
    });
    const dev = await signedIn(["MANAGER"], (await makeHuman()).id);
    await expect(
      submitRequest(dev, {
        entitlementId: ent.id,
        durationMinutes: 120,
        justification: "Need it for the quarterly close.",
      }),
    ).rejects.toThrow(`${ent.name} can be requested for at most 1 hour.`);
  });
});
