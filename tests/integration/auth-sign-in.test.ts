import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { authenticate, completeSecondFactor } from "@/lib/auth/login";
import { currentTotp } from "@/lib/auth/totp";
import { confirmEnrolment, resetMfa, startEnrolment } from "@/lib/auth/mfa";
import { closeConsoleSession, loadConsoleSession, openConsoleSession } from "@/lib/auth/sessions";
import { systemCaller } from "@/lib/actions/caller";
import { makeUser } from "../support/factories";

const ledgerFor = (userId: string) =>
  db.logEntry.findMany({
    where: { target: `user:${userId}` },
    orderBy: { seq: "asc" },
    select: { action: true },
  });

describe("sign-in", () => {
  it("asks for a second factor after a correct password, then signs in and logs both", async () => {
    const { user, password, totpSecret } = await makeUser(["ADMIN"]);
    const first = await authenticate({ email: user.email, password });
    expect(first.status).toBe("code_required");
    if (first.status !== "code_required") return;
    const second = await completeSecondFactor(first.ticket, currentTotp(totpSecret!));
    expect(second).toEqual({ status: "ok", userId: user.id });
    expect((await ledgerFor(user.id)).map((e) => e.action)).toContain("auth.login");
  });

  it("refuses a replayed TOTP code", async () => {
    const { user, password, totpSecret } = await makeUser(["ADMIN"]);
    const code = currentTotp(totpSecret!);
    const a = await authenticate({ email: user.email, password });
    const b = await authenticate({ email: user.email, password });
    if (a.status !== "code_required" || b.status !== "code_required") throw new Error("expected code step");
    expect((await completeSecondFactor(a.ticket, code)).status).toBe("ok");
    expect((await completeSecondFactor(b.ticket, code)).status).toBe("refused");
  });

  it("does not tell unknown emails from wrong passwords", async () => {
    const { user } = await makeUser(["AUDITOR"], { mfa: false });
    const unknown = await authenticate({ email: "nobody@test.example", password: "x" });
    const wrong = await authenticate({ email: user.email, password: "x" });
    expect(unknown).toEqual(wrong);
  });

  it("locks the account after five failures and records it", async () => {
    const { user, password } = await makeUser(["AUDITOR"], { mfa: false });
    for (let i = 0; i < 5; i++) await authenticate({ email: user.email, password: `wrong-${i}` });
    const locked = await authenticate({ email: user.email, password });
    expect(locked.status).toBe("refused");
    expect(locked.status === "refused" && locked.message).toMatch(/locked/);
    const actions = (await ledgerFor(user.id)).map((e) => e.action);
    expect(actions.filter((a) => a === "auth.login_failed")).toHaveLength(5);
    expect(actions).toContain("auth.locked_out");
    expect(actions).toContain("auth.refused"); // the refusal of the locked account (folded per minute)
  });

  it("sends a role that needs MFA to enrolment, which gives ten one-time recovery codes", async () => {
    const { user, password } = await makeUser(["MANAGER"], { mfa: false });
    expect((await authenticate({ email: user.email, password })).status).toBe("enrol_required");
    const { secret } = await startEnrolment(user.id);
    const codes = await confirmEnrolment(user.id, currentTotp(secret));
    expect(codes).toHaveLength(10);
    const step = await authenticate({ email: user.email, password });
    if (step.status !== "code_required") throw new Error("expected code step");
    expect((await completeSecondFactor(step.ticket, codes[0])).status).toBe("ok");
    const again = await authenticate({ email: user.email, password });
    if (again.status !== "code_required") throw new Error("expected code step");
    expect((await completeSecondFactor(again.ticket, codes[0])).status).toBe("refused");
  });

  it("lets an auditor without MFA sign in with a password", async () => {
    const { user, password } = await makeUser(["AUDITOR"], { mfa: false });
    expect(await authenticate({ email: user.email, password })).toEqual({ status: "ok", userId: user.id });
  });
});

describe("console sessions", () => {
  it("ends at sign-out and at an MFA reset", async () => {
    const { user } = await makeUser(["ADMIN"]);
    const sid = await openConsoleSession(user.id, 3600);
    expect(await loadConsoleSession(sid)).not.toBeNull();
    await closeConsoleSession(sid, user);
    expect(await loadConsoleSession(sid)).toBeNull();

    const other = await openConsoleSession(user.id, 3600);
    await resetMfa(systemCaller("test"), { userId: user.id, reason: "lost phone" });
    expect(await loadConsoleSession(other)).toBeNull();
    expect((await ledgerFor(user.id)).map((e) => e.action)).toEqual(
      expect.arrayContaining(["auth.logout", "auth.mfa_reset"]),
    );
  });

  it("ends when it expires or the user is disabled", async () => {
    const { user } = await makeUser(["AUDITOR"], { mfa: false });
    const expired = await openConsoleSession(user.id, -1);
    expect(await loadConsoleSession(expired)).toBeNull();
    const live = await openConsoleSession(user.id, 3600);
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await loadConsoleSession(live)).toBeNull();
  });
});
