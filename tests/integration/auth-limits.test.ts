import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { authenticate, completeSecondFactor, TICKET_ATTEMPTS } from "@/lib/auth/login";
import { currentTotp } from "@/lib/auth/totp";
import { LIMITS, consume, forgetBlocked } from "@/lib/auth/rate-limit";
import { flushRefusals } from "@/lib/auth/refusals";
import { stepUp } from "@/lib/auth/step-up";
import { openConsoleSession } from "@/lib/auth/sessions";
import { makeUser, uid } from "../support/factories";

const count = (userId: string, action: string) =>
  db.logEntry.count({ where: { target: `user:${userId}`, action } });

describe("lockout under parallel guesses", () => {
  it("counts exactly the threshold of 50 parallel wrong passwords, then the account is locked", async () => {
    const threshold = env().TRIAD_LOCKOUT_THRESHOLD;
    const { user, password } = await makeUser(["AUDITOR"], { mfa: false });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => authenticate({ email: user.email, password: `wrong-${i}` })),
    );
    expect(results.every((r) => r.status === "refused")).toBe(true);
    expect(await count(user.id, "auth.login_failed")).toBe(threshold);
    expect(await count(user.id, "auth.locked_out")).toBe(1);
    // Refusals of the locked account are folded: one entry now, the rest counted for the minute.
    expect(await count(user.id, "auth.refused")).toBe(1);
    const folded = await db.authRefusal.findMany({
      where: { source: `user:${user.id}`, reason: "account_locked" },
    });
    expect(folded.reduce((n, w) => n + w.count, 0)).toBe(50 - threshold);
    const right = await authenticate({ email: user.email, password });
    expect(right.status === "refused" && right.message).toMatch(/locked/);
  });

  it("counts parallel wrong second-factor codes against the same lockout", async () => {
    const threshold = env().TRIAD_LOCKOUT_THRESHOLD;
    const { user, password } = await makeUser(["ADMIN"]);
    const tickets: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await authenticate({ email: user.email, password });
      if (r.status === "code_required") tickets.push(r.ticket);
    }
    const results = await Promise.all(
      tickets.flatMap((t) => [completeSecondFactor(t, "000000"), completeSecondFactor(t, "111111")]),
    );
    expect(results.every((r) => r.status === "refused")).toBe(true);
    expect(await count(user.id, "auth.login_failed")).toBe(threshold);
  });

  it("allows only a few codes per second-factor ticket", async () => {
    const { user, password, totpSecret } = await makeUser(["ADMIN"]);
    const step = await authenticate({ email: user.email, password });
    if (step.status !== "code_required") throw new Error("expected code step");
    const tries = await Promise.all(
      Array.from({ length: 10 }, () => completeSecondFactor(step.ticket, "999999")),
    );
    expect(tries.filter((r) => r.status === "refused" && /too many tries/.test(r.message))).toHaveLength(
      10 - TICKET_ATTEMPTS,
    );
    // Even the right code no longer works with a spent ticket.
    const spent = await completeSecondFactor(step.ticket, currentTotp(totpSecret!));
    expect(spent.status).toBe("refused");
  });
});

describe("step-up guesses", () => {
  it("are limited per user, so a stolen session cannot walk the code space", async () => {
    const { user } = await makeUser(["MANAGER"]);
    const sessionId = await openConsoleSession(user.id, 3600);
    const me = {
      id: user.id,
      email: user.email,
      name: user.name,
      roles: user.roles,
      actorId: null,
      sessionId,
      mfa: true,
      mfaAt: null,
      mustChangePassword: false,
    };
    const messages: string[] = [];
    for (let i = 0; i < LIMITS["step-up"].points + 2; i++)
      messages.push(
        await stepUp(me, "000000").then(
          () => "ok",
          (e: Error) => e.message,
        ),
      );
    expect(messages.slice(0, LIMITS["step-up"].points).every((m) => /not valid/.test(m))).toBe(true);
    expect(messages.at(-1)).toMatch(/Too many/);
    forgetBlocked();
  });
});

describe("per-source rate limit (PostgreSQL store)", () => {
  it("refuses a source after its budget, across parallel requests", async () => {
    const source = `198.51.100.${Math.floor(Math.random() * 250)}-${uid()}`;
    const { points } = LIMITS["scim-auth"];
    const waits = await Promise.all(Array.from({ length: points + 5 }, () => consume("scim-auth", source)));
    expect(waits.filter((w) => w === null)).toHaveLength(points);
    const row = await db.rateLimit.findUnique({ where: { key: `scim-auth:${source}` } });
    expect(row?.points).toBe(points + 5);
    forgetBlocked();
  });

  it("refuses sign-in from a source over its budget", async () => {
    const source = `203.0.113.7-${uid()}`;
    const { points } = LIMITS["sign-in"];
    for (let i = 0; i < points; i++) await consume("sign-in", source);
    const r = await authenticate({ email: `nobody-${uid()}@test.example`, password: "x", source });
    expect(r.status === "refused" && r.message).toMatch(/Too many/);
    forgetBlocked();
  });
});

describe("unauthenticated refusals are folded", () => {
  it("writes one entry per source, reason and minute, then one with the count", async () => {
    const source = `192.0.2.1-${uid()}`;
    for (let i = 0; i < 8; i++)
      await authenticate({ email: `ghost-${i}-${uid()}@test.example`, password: "x", source });
    const entries = await db.logEntry.findMany({
      where: { action: "auth.refused", details: { path: ["source"], equals: source } },
    });
    expect(entries).toHaveLength(1);
    // Close the window as if a minute had passed, then flush.
    await db.$executeRaw`UPDATE "AuthRefusal" SET "window" = "window" - interval '2 minutes' WHERE source = ${source}`;
    await flushRefusals();
    const folded = await db.logEntry.findMany({
      where: { action: "auth.refusals_folded", details: { path: ["source"], equals: source } },
    });
    expect(folded).toHaveLength(1);
    expect(folded[0].details).toMatchObject({ reason: "unknown_email", count: 8 });
  });
});
