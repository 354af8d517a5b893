import { SignJWT, jwtVerify } from "jose";
import { createHash } from "node:crypto";
import { requireAuthSecret } from "@/lib/env";

// Short-lived signed tickets that carry a step of sign-in from one request to the next
// (MFA enrolment after a correct password; the hand-off from the login check to Auth.js).
export type TicketPurpose = "mfa-enrol" | "second-factor" | "login";

const LIFETIME: Record<TicketPurpose, string> = { "mfa-enrol": "10m", "second-factor": "5m", login: "60s" };

function key(): Uint8Array {
  return createHash("sha256").update(`triad-ticket:${requireAuthSecret()}`).digest();
}

/** `jti`: the id of a SignInTicket row that counts the codes tried with a second-factor ticket. */
export async function issueTicket(
  userId: string,
  purpose: TicketPurpose,
  claims: { mfa?: boolean; jti?: string } = {},
): Promise<string> {
  const { jti, ...rest } = claims;
  const jwt = new SignJWT({ purpose, ...rest }).setProtectedHeader({ alg: "HS256" }).setSubject(userId);
  if (jti) jwt.setJti(jti);
  return jwt.setIssuedAt().setExpirationTime(LIFETIME[purpose]).sign(key());
}

export async function readTicket(ticket: string, purpose: TicketPurpose): Promise<string | null> {
  return (await readTicketClaims(ticket, purpose))?.userId ?? null;
}

/** The ticket's user and whether a second factor was passed to get it. */
export async function readTicketClaims(
  ticket: string,
  purpose: TicketPurpose,
): Promise<{ userId: string; mfa: boolean; jti: string | null } | null> {
  try {
    const { payload } = await jwtVerify(ticket, key(), { algorithms: ["HS256"] });
    return payload.purpose === purpose && typeof payload.sub === "string"
      ? { userId: payload.sub, mfa: payload.mfa === true, jti: payload.jti ?? null }
      : null;
  } catch {
    return null;
  }
}
