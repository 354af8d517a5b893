import { generateSync } from "otplib";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import type { SessionUser } from "@/lib/auth/session";
import { openConsoleSession } from "@/lib/auth/sessions";
import { makeUser, uid } from "@/tests/support/factories";

// Real users with real console sessions for the request flows: the lib functions get the same
// SessionUser the server actions pass them (roles checked by assertCan, step-up by TOTP).
export type Signed = SessionUser & { totp: () => string; fresh: () => Promise<SessionUser> };

export async function signedIn(
  roles: Role[],
  actorId: string,
  options: { mfaAt?: Date | null } = {},
): Promise<Signed> {
  const { user, totpSecret } = await makeUser(roles, { actorId });
  const sessionId = await openConsoleSession(user.id, 3600, options.mfaAt ?? null);
  const base: SessionUser = {
    id: user.id,
    email: user.email,
    name: user.name,
    roles,
    actorId,
    sessionId,
    mfa: true,
    mfaAt: options.mfaAt ?? null,
    mustChangePassword: false,
  };
  // Each TOTP code is accepted once; the next 30-second step is simulated by clearing the last step.
  const totp = () => generateSync({ secret: totpSecret! });
  const fresh = async () => {
    const s = await db.consoleSession.findUniqueOrThrow({
      where: { id: sessionId },
      select: { mfaAt: true },
    });
    return { ...base, mfaAt: s.mfaAt };
  };
  return { ...base, totp, fresh };
}

/** Lets the same user pass TOTP again within one 30-second step (tests only). */
export async function allowNextCode(userId: string) {
  await db.user.update({ where: { id: userId }, data: { totpLastStep: null } });
}

export async function makeEntitlement(
  options: { ownerId?: string | null; privileged?: boolean; maxDurationMinutes?: number; name?: string } = {},
) {
  const id = uid();
  const resource = await db.resource.create({
    data: {
      name: `app-${id}`,
      kind: "APPLICATION",
      ownerId: options.ownerId ?? null,
      externalId: `res-${id}`,
      sourceSystem: "test",
    },
  });
  return db.entitlement.create({
    data: {
      resourceId: resource.id,
      name: options.name ?? `role-${id}`,
      privileged: options.privileged ?? false,
      maxDurationMinutes: options.maxDurationMinutes ?? null,
    },
    select: { id: true, name: true, privileged: true, resourceId: true },
  });
}
