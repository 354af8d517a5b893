import type { Tx } from "@/lib/db";
import { Forbidden, Invalid, NotFound } from "@/lib/errors";

/** The console user's person; requests and approvals are made by people. */
export async function personOf(
  tx: Tx,
  actorId: string | null,
): Promise<{ id: string; kind: string; displayName: string; status: string }> {
  if (!actorId)
    throw new Invalid(
      "Your console account is not linked to a person in the inventory, so it cannot request or approve access.",
    );
  const me = await tx.actor.findUnique({
    where: { id: actorId },
    select: { id: true, kind: true, displayName: true, status: true },
  });
  if (!me) throw new NotFound("Your person in the inventory no longer exists.");
  return me;
}

/**
 * Whom a request may be for: yourself, an NHI you own or co-own, or an agent you sponsor. The
 * ownership test is in the `where`, so a forged id finds nothing.
 */
export async function requestableSubject(tx: Tx, requesterId: string, subjectId: string | undefined) {
  const id = subjectId ?? requesterId;
  const subject = await tx.actor.findFirst({
    where:
      id === requesterId
        ? { id }
        : {
            id,
            OR: [
              { nhi: { ownerId: requesterId } },
              { coOwners: { some: { ownerId: requesterId } } },
              { agent: { sponsorId: requesterId } },
            ],
          },
    select: { id: true, kind: true, displayName: true, status: true },
  });
  if (!subject)
    throw new Forbidden(
      "You can request access only for yourself, for an NHI you own, or for an agent you sponsor.",
    );
  if (subject.status !== "ACTIVE")
    throw new Invalid(
      `${subject.displayName} is ${subject.status.toLowerCase()}; only active identities can receive access.`,
    );
  return subject;
}

/**
 * Refuses a request for something the subject already holds for good, or has already asked
 * for. Holding it for a limited time is fine when the request reaches further: that request
 * extends the grant (returned here), since extending means asking again.
 */
export async function assertNotHeld(
  tx: Tx,
  subjectId: string,
  entitlementId: string,
  name: string,
  until: Date,
): Promise<{ extendsGrantId: string | null }> {
  // One request at a time per subject and entitlement: concurrent submissions queue here.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`request:${subjectId}:${entitlementId}`}))`;
  const held = await tx.grant.findFirst({
    where: {
      actorId: subjectId,
      entitlementId,
      status: "ACTIVE",
      OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }],
    },
    orderBy: { expiresAt: { sort: "desc", nulls: "first" } },
    select: { id: true, expiresAt: true },
  });
  if (held && (!held.expiresAt || held.expiresAt >= until)) {
    const when = held.expiresAt
      ? ` until ${held.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC, longer than this request would give`
      : " with no end date";
    throw new Invalid(`This identity already holds ${name}${when}.`, { entitlementId: ["Already held."] });
  }
  const pending = await tx.accessRequest.findFirst({
    where: { subjectId, entitlementId, status: "PENDING" },
    select: { id: true },
  });
  if (pending)
    throw new Invalid(`A request for ${name} is already waiting for approval.`, {
      entitlementId: ["Already requested."],
    });
  return { extendsGrantId: held?.id ?? null };
}
