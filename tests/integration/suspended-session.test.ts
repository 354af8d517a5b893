import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { loadConsoleSession, openConsoleSession } from "@/lib/auth/sessions";
import { makeHuman, makeUser } from "../support/factories";

describe("a suspended person's console session", () => {
  it("ends while the person is suspended and works again once reinstated", async () => {
    const person = await makeHuman();
    const { user } = await makeUser(["MANAGER"], { actorId: person.id });
    const sid = await openConsoleSession(user.id, 3600);
    expect(await loadConsoleSession(sid)).not.toBeNull();

    await db.actor.update({ where: { id: person.id }, data: { status: "SUSPENDED" } });
    expect(await loadConsoleSession(sid)).toBeNull();

    await db.actor.update({ where: { id: person.id }, data: { status: "ACTIVE" } });
    expect(await loadConsoleSession(sid)).not.toBeNull();
  });

  it("is left to the offboarding guard for a leaver (the last admin keeps a way in)", async () => {
    const person = await makeHuman();
    const { user } = await makeUser(["ADMIN"], { actorId: person.id });
    const sid = await openConsoleSession(user.id, 3600);
    await db.actor.update({ where: { id: person.id }, data: { status: "OFFBOARDING" } });
    // Only disabling the account (which the guard refuses for the last admin) ends the session.
    expect(await loadConsoleSession(sid)).not.toBeNull();
  });
});
