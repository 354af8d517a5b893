import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

// NHIs and agents must be re-attested by their owner or sponsor every interval; past the
// interval plus grace they show on the dashboard.
export const ATTESTATION_INTERVAL_DAYS = 90;
export const ATTESTATION_GRACE_DAYS = 14;

/** Attested (or, if never, created) before this is past the interval and its grace. */
const attestationCutoff = (now = new Date()) =>
  new Date(now.getTime() - (ATTESTATION_INTERVAL_DAYS + ATTESTATION_GRACE_DAYS) * 86_400_000);

/** The same rule as `overdueAttestations`, for one agent list (the agents table's filter). */
export function overdueAgentWhere(now = new Date()): Prisma.ActorWhereInput {
  const cutoff = attestationCutoff(now);
  return {
    status: "ACTIVE",
    OR: [
      { agent: { lastAttestedAt: { lt: cutoff } } },
      { agent: { lastAttestedAt: null }, createdAt: { lt: cutoff } },
    ],
  };
}

/** Active NHIs and agents whose last attestation (or creation, if never) is older than interval + grace. */
export async function overdueAttestations(now = new Date()) {
  const cutoff = attestationCutoff(now);
  const [row] = await db.$queryRaw<Array<{ nhis: number; agents: number }>>`
    SELECT
      (SELECT count(*)::int FROM "NhiProfile" np JOIN "Actor" a ON a.id = np."actorId"
        WHERE a.status = 'ACTIVE' AND coalesce(np."lastAttestedAt", a."createdAt") < ${cutoff}) AS nhis,
      (SELECT count(*)::int FROM "AgentProfile" ap JOIN "Actor" a ON a.id = ap."actorId"
        WHERE a.status = 'ACTIVE' AND coalesce(ap."lastAttestedAt", a."createdAt") < ${cutoff}) AS agents`;
  return row;
}
