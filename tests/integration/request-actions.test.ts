import { NOT_PERMITTED } from "@/lib/auth/session";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { encode } from "next-auth/jwt";
import { generateSync } from "otplib";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { ROLE_PERMISSIONS, can } from "@/lib/auth/permissions";
import { openConsoleSession } from "@/lib/auth/sessions";
import type { Role } from "@/lib/generated/prisma/enums";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { cancelRequestAction, decideRequestAction, submitRequestAction } from "@/lib/requests/actions";
import { setRequestCookies } from "../support/next-request";
import { makeActor, makeHuman, makeUser } from "../support/factories";
import { makeEntitlement } from "./requests-support";

// The request flows through the SERVER ACTIONS, with real signed-in sessions (a ConsoleSession
// row behind a real Auth.js cookie), for every role: separation of duties and cancelling are
// refused on the server whatever the page shows. Only Next's request plumbing is replaced.
vi.mock("next/headers", () => import("../support/next-request"));
vi.mock("next/cache", () => import("../support/next-cache"));

type Result = { ok: boolean; error?: string; data?: unknown };
const REFUSED = NOT_PERMITTED;
const ROLES = Object.keys(ROLE_PERMISSIONS) as Role[];

type Session = { userId: string; cookie: string; totp: () => string };

async function cookieFor(userId: string, mfaAt: Date | null): Promise<string> {
  const sid = await openConsoleSession(userId, 3600, mfaAt);
  const name = "authjs.session-token";
  const value = await encode({
    token: { sub: userId, sid },
    secret: env().AUTH_SECRET!,
    salt: name,
    maxAge: 3600,
  });
  return `${name}=${value}`;
}

async function signIn(roles: Role[], actorId: string | undefined, mfaAt: Date | null): Promise<Session> {
  const { user, totpSecret } = await makeUser(roles, { actorId });
  return {
    userId: user.id,
    cookie: await cookieFor(user.id, mfaAt),
    totp: () => generateSync({ secret: totpSecret! }),
  };
}

async function as<T extends (input: never) => Promise<unknown>>(
  s: Session,
  action: T,
  input: Record<string, unknown>,
): Promise<Result> {
  setRequestCookies(s.cookie);
  return (await (action as unknown as (i: unknown) => Promise<Result>)(input)) as Result;
}

async function team() {
  const manager = await makeHuman({ name: "Manager" });
  const dev = await makeHuman({ name: "Developer", managerId: manager.id });
  const owner = await makeHuman({ name: "Resource owner" });
  return {
    manager,
    dev,
    owner,
    devS: await signIn(["MANAGER"], dev.id, new Date()),
    managerS: await signIn(["MANAGER"], manager.id, new Date()),
    ownerS: await signIn(["AGENT_SPONSOR"], owner.id, new Date()),
  };
}

async function submit(s: Session, input: Record<string, unknown>) {
  const r = await as(s, submitRequestAction, input);
  expect(r.ok, r.error).toBe(true);
  return r.data as { id: string; status: string };
}

beforeAll(async () => {
  await ensureStarterPolicies();
});
afterAll(() => setRequestCookies(""));

describe("separation of duties through decideRequestAction, for every role", () => {
  it("refuses the requester, a beneficiary, an agent, a stale step-up and a non-approver; the approver decides once", async () => {
    const t = await team();
    const ent = await makeEntitlement({ ownerId: t.owner.id });
    // For an NHI the developer owns, co-owned by a stranger: both benefit from the grant.
    const nhi = await makeActor("NHI", { ownerId: t.dev.id });
    const coOwner = await makeHuman({ name: "Co-owner" });
    await db.nhiCoOwner.create({ data: { actorId: nhi.id, ownerId: coOwner.id } });
    const req = await submit(t.devS, {
      entitlementId: ent.id,
      subjectId: nhi.id,
      durationMinutes: "60",
      justification: "nightly export reads the bucket",
    });
    expect(req.status).toBe("PENDING");
    const approve = { requestId: req.id, decision: "APPROVE" };

    // The requester holds requests:approve (a manager), yet cannot approve their own request.
    expect((await as(t.devS, decideRequestAction, approve)).error).toMatch(/own request/);
    const beneficiary = await signIn(["MANAGER"], coOwner.id, new Date());
    expect((await as(beneficiary, decideRequestAction, approve)).error).toMatch(/benefits you/);
    const agent = await makeActor("AGENT", { sponsorId: t.manager.id });
    const agentS = await signIn(["MANAGER"], agent.id, new Date());
    expect((await as(agentS, decideRequestAction, approve)).error).toMatch(/Agents .* never approve/);
    const staleManager = {
      ...t.managerS,
      cookie: await cookieFor(t.managerS.userId, new Date(Date.now() - 11 * 60_000)),
    };
    expect((await as(staleManager, decideRequestAction, approve)).error).toMatch(/step-up|TOTP|code/i);

    // Every role, as someone not on the route: refused by permission or as a non-approver.
    for (const role of ROLES) {
      const stranger = await signIn([role], (await makeHuman()).id, new Date());
      const r = await as(stranger, decideRequestAction, approve);
      expect(r.ok, role).toBe(false);
      if (can([role], "requests:approve")) expect(r.error, role).toMatch(/not an approver/);
      else expect(r.error, role).toBe(REFUSED);
    }
    expect(await db.approval.count({ where: { requestId: req.id } })).toBe(0);

    const ok = await as(t.managerS, decideRequestAction, approve);
    expect(ok, ok.error).toMatchObject({ ok: true, data: { status: "FULFILLED" } });
    const again = await as(t.ownerS, decideRequestAction, approve);
    expect(again.error).toMatch(/already decided/);
    expect(await db.grant.count({ where: { requestId: req.id } })).toBe(1);
  });
});

describe("cancelRequestAction", () => {
  it("lets only the requester withdraw a pending request, tells its approvers, and refuses once decided", async () => {
    const t = await team();
    const ent = await makeEntitlement({ ownerId: t.owner.id });
    const req = await submit(t.devS, {
      entitlementId: ent.id,
      durationMinutes: "60",
      justification: "look at the staging logs",
    });
    const cancel = { requestId: req.id, reason: "fixed it another way" };
    for (const role of ROLES) {
      const someone = await signIn([role], (await makeHuman()).id, new Date());
      const r = await as(someone, cancelRequestAction, cancel);
      expect(r.ok, role).toBe(false);
      expect(r.error, role).toBe(
        can([role], "requests:create") ? "Only the person who made a request can cancel it." : REFUSED,
      );
    }
    // An approver cannot withdraw it either.
    expect((await as(t.managerS, cancelRequestAction, cancel)).error).toMatch(/Only the person/);

    const done = await as(t.devS, cancelRequestAction, cancel);
    expect(done, done.error).toMatchObject({ ok: true });
    const r = await db.accessRequest.findUniqueOrThrow({
      where: { id: req.id },
      include: { stages: { include: { approvers: true } } },
    });
    expect(r.status).toBe("CANCELLED");
    expect(r.stages.map((s) => s.status)).toEqual(["CANCELLED"]);
    expect(r.stages[0].approvers.every((a) => !a.open)).toBe(true);
    const entry = await db.logEntry.findFirstOrThrow({
      where: { target: `request:${req.id}`, action: "request.cancelled" },
    });
    expect(entry.details).toMatchObject({ by: "requester", reason: "fixed it another way" });
    expect(
      await db.inboxMessage.count({
        where: {
          recipientId: { in: [t.manager.id, t.owner.id] },
          kind: "request.cancelled",
          link: `/requests/${req.id}`,
        },
      }),
    ).toBe(2);
    const jobs = await db.$queryRaw<Array<{ n: bigint }>>`
      SELECT count(*)::bigint AS n FROM graphile_worker.jobs WHERE key = ${`request-deadline:${req.id}`}`;
    expect(Number(jobs[0].n)).toBe(0);
    // Once decided (here: cancelled), neither a second cancel nor an approval changes it.
    expect((await as(t.devS, cancelRequestAction, cancel)).error).toMatch(/already cancelled/);
    expect(
      (await as(t.managerS, decideRequestAction, { requestId: req.id, decision: "APPROVE" })).error,
    ).toMatch(/already decided/);

    // An approved request cannot be cancelled: release the grant instead.
    const other = await submit(t.devS, {
      entitlementId: (await makeEntitlement({ ownerId: t.owner.id })).id,
      durationMinutes: "60",
      justification: "read the billing dashboard",
    });
    expect((await as(t.managerS, decideRequestAction, { requestId: other.id, decision: "APPROVE" })).ok).toBe(
      true,
    );
    expect((await as(t.devS, cancelRequestAction, { requestId: other.id })).error).toMatch(
      /already fulfilled/,
    );
  });
});
