import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { flagLeaver } from "@/lib/inventory/leaver";
import { loadConsoleSession, openConsoleSession } from "@/lib/auth/sessions";
import { authenticate } from "@/lib/auth/login";
import { makeHuman, makeUser } from "../support/factories";

describe("a leaver's console account", () => {
  it("is disabled and its sessions end when the person is flagged as leaving", async () => {
    const person = await makeHuman();
    const { user, password } = await makeUser(["AUDITOR"], { mfa: false, actorId: person.id });
    const sid = await openConsoleSession(user.id, 3600);

    await db.$transaction((tx) =>
      flagLeaver(tx, person.id, "left the company", { id: "test", kind: "SYSTEM" }),
    );

    expect(await loadConsoleSession(sid)).toBeNull();
    expect((await authenticate({ email: user.email, password })).status).toBe("refused");
    const entry = await db.logEntry.findFirst({
      where: { action: "user.disabled", target: `user:${user.id}` },
    });
    expect(entry?.details).toMatchObject({ reason: "leaver" });
  });
});
