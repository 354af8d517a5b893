import { cache } from "react";
import { forbidden, redirect } from "next/navigation";
import type { Role } from "@/lib/generated/prisma/enums";
import { Forbidden, Unauthenticated } from "@/lib/errors";
import { auth } from "./config";
import { can, type Permission } from "./permissions";
import { loadConsoleSession } from "./sessions";

/** What a signed-in person without the permission an action or page needs is told. */
export const NOT_PERMITTED = "You do not have permission to do this.";

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  actorId: string | null;
  sessionId: string;
  mfa: boolean;
  /** Last time this session passed TOTP (sign-in or step-up); the human path's MFA signal. */
  mfaAt: Date | null;
  /** Signed in with a one-time password: nothing but the password change is allowed. */
  mustChangePassword: boolean;
};

const CHANGE_PASSWORD_PATH = "/account/password";

/** The signed-in user of this request, checked against the database (revoked or expired = none). */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  if (!session?.sid) return null;
  const live = await loadConsoleSession(session.sid);
  if (!live) return null;
  const { user } = live;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roles: user.roles,
    actorId: user.actorId,
    sessionId: live.id,
    mfa: Boolean(user.mfaEnabledAt),
    mfaAt: live.mfaAt,
    mustChangePassword: user.mustChangePassword,
  };
});

/**
 * For pages: the user, or a redirect to sign-in; a 403 page when the permission is refused. The
 * permission is required, so a page cannot forget its check and still compile.
 */
export async function requirePageUser(permission: Permission): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  if (user.mustChangePassword && permission !== "account:manage") redirect(CHANGE_PASSWORD_PATH);
  if (!can(user.roles, permission)) forbidden();
  return user;
}

/** For server actions and route handlers: throws a typed error the caller turns into a 401/403. */
export async function assertCan(permission: Permission): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new Unauthenticated("Your session has ended. Sign in again.");
  if (user.mustChangePassword && permission !== "account:manage")
    throw new Forbidden("Choose your own password first (you signed in with a one-time password).");
  if (!can(user.roles, permission)) throw new Forbidden(NOT_PERMITTED);
  return user;
}

export function ledgerActorOf(user: SessionUser) {
  return { id: user.id, kind: "USER" as const, name: user.name };
}
