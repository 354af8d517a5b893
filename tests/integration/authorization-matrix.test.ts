import { NOT_PERMITTED } from "@/lib/auth/session";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { PERMISSIONS, ROLE_PERMISSIONS, can } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";
import { setRequestCookies } from "../support/next-request";
import { PUBLIC_ACTIONS, callAction, discoverActions, sessionCookie, type Action } from "../support/actions";
import { makeHuman, makeUser } from "../support/factories";
import { makeNhi } from "./ownership-support";

// Every exported server action (tests/support/actions.ts finds them), called
// with a real signed-in session for every role, against the role → permission table. The session
// is a real ConsoleSession row behind a real Auth.js cookie; only Next's request plumbing
// (next/headers, next/cache) is replaced, because there is no HTTP request in a test.
vi.mock("next/headers", () => import("../support/next-request"));
vi.mock("next/cache", () => import("../support/next-cache"));

const REFUSED = NOT_PERMITTED;
const ROLES = Object.keys(ROLE_PERMISSIONS) as Role[];

let actions: Awaited<ReturnType<typeof discoverActions>>;
const cookieOf = new Map<Role, string>();

beforeAll(async () => {
  actions = await discoverActions();
  for (const role of ROLES) cookieOf.set(role, await sessionCookie((await makeUser([role])).user.id));
});
afterAll(() => setRequestCookies(""));

describe("authorization matrix: every server action × every role", () => {
  it("finds the actions, and every non-public one declares a known permission", async () => {
    expect(actions.length).toBeGreaterThan(20);
    for (const name of PUBLIC_ACTIONS) expect(actions.map((a) => a.name)).toContain(name);
    const undeclared = actions.filter(
      (a) =>
        !PUBLIC_ACTIONS.has(a.name) &&
        !(PERMISSIONS as readonly string[]).includes(a.action.permission ?? ""),
    );
    expect(
      undeclared.map((a) => `${a.file}: ${a.name}`),
      "build every server action with defineAction({ permission })",
    ).toEqual([]);
  });

  it("refuses without a session", async () => {
    setRequestCookies("");
    for (const { name, action } of actions.filter((a) => !PUBLIC_ACTIONS.has(a.name))) {
      const r = await callAction(action);
      expect(r.ok, name).toBe(false);
      expect(r.error, name).toMatch(/session has ended/);
    }
  });

  for (const role of ROLES) {
    it(`checks every action for ${role} against ROLE_PERMISSIONS`, async () => {
      setRequestCookies(cookieOf.get(role)!);
      const wrong: string[] = [];
      for (const { name, action } of actions.filter((a) => !PUBLIC_ACTIONS.has(a.name))) {
        const allowed = can([role], action.permission!);
        const r = await callAction(action);
        const refused = r.ok === false && r.error === REFUSED;
        if (allowed === refused)
          wrong.push(
            `${name} (${action.permission}): ${allowed ? "refused but allowed" : `ran but refused: ${JSON.stringify(r)}`}`,
          );
        expect(r.error ?? "", name).not.toMatch(/session has ended/);
      }
      expect(wrong).toEqual([]);
    });
  }

  it("lets a user holding a one-time password do nothing but change it", async () => {
    const { user } = await makeUser(["ADMIN"]);
    await db.user.update({ where: { id: user.id }, data: { mustChangePassword: true } });
    setRequestCookies(await sessionCookie(user.id));
    for (const { name, action } of actions.filter((a) => !PUBLIC_ACTIONS.has(a.name))) {
      const r = await callAction(action);
      if (action.permission === "account:manage")
        expect(r.error ?? "", name).not.toMatch(/one-time password/);
      else expect(r.error, name).toMatch(/one-time password/);
    }
  });
});

describe("object-level checks with real sessions", () => {
  it("a service owner cannot rotate, retire or change co-owners of an NHI they do not own", async () => {
    const markRotatedAction = (await import("@/lib/rotation/actions")).markRotatedAction as unknown as Action;
    const startRetirementAction = (await import("@/lib/retirement/actions"))
      .startRetirementAction as unknown as Action;
    const removeCoOwnerAction = (await import("@/lib/ownership/actions"))
      .removeCoOwnerAction as unknown as Action;
    const me = await makeHuman();
    const other = await makeHuman();
    const { user } = await makeUser(["SERVICE_OWNER"], { actorId: me.id });
    const theirs = await makeNhi({ ownerId: other.id });
    setRequestCookies(await sessionCookie(user.id));

    const rotated = await callAction(markRotatedAction, {
      actorId: theirs.id,
      fingerprint: "SHA256:forged-rotation",
    });
    const retired = await callAction(startRetirementAction, {
      actorId: theirs.id,
      reason: "not mine to retire",
    });
    const removed = await callAction(removeCoOwnerAction, { actorId: theirs.id, ownerId: other.id });
    for (const r of [rotated, retired, removed]) expect(r.ok).toBe(false);
    const after = await db.actor.findUniqueOrThrow({
      where: { id: theirs.id },
      select: { status: true, nhi: { select: { ownerId: true, lastRotatedAt: true } } },
    });
    expect(after.status).toBe("ACTIVE");
    expect(after.nhi).toMatchObject({ ownerId: other.id, lastRotatedAt: null });
    expect(
      await db.credential.count({ where: { actorId: theirs.id, fingerprint: "SHA256:forged-rotation" } }),
    ).toBe(0);

    // The same calls on their own NHI pass the object check.
    const mine = await makeNhi({ ownerId: me.id });
    expect(
      (await callAction(markRotatedAction, { actorId: mine.id, fingerprint: "SHA256:real-rotation" })).ok,
    ).toBe(true);
  });

  it("a manager cannot decide a hand-over addressed to someone else", async () => {
    const decideTransferAction = (await import("@/lib/ownership/actions"))
      .decideTransferAction as unknown as Action;
    const { requestTransfer } = await import("@/lib/ownership/transfers");
    const { callerFor } = await import("./ownership-support");
    const owner = await makeHuman();
    const receiver = await makeHuman();
    const bystander = await makeHuman();
    const nhi = await makeNhi({ ownerId: owner.id });
    const { transferId } = await requestTransfer(callerFor(owner.id), {
      actorId: nhi.id,
      toId: receiver.id,
      reason: "moving teams",
    });
    const { user } = await makeUser(["MANAGER"], { actorId: bystander.id });
    setRequestCookies(await sessionCookie(user.id));
    expect((await callAction(decideTransferAction, { transferId, decision: "ACCEPT" })).ok).toBe(false);
    expect((await db.ownershipTransfer.findUniqueOrThrow({ where: { id: transferId } })).status).toBe(
      "PENDING",
    );
    expect((await db.nhiProfile.findUniqueOrThrow({ where: { actorId: nhi.id } })).ownerId).toBe(owner.id);
  });
});
