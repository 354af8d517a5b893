import { z } from "zod";
import { db } from "@/lib/db";
import type { GrantStatus } from "@/lib/generated/prisma/client";

// Point-in-time access: "who had access to resource X on date D, and why". A grant counts when
// it was granted by D and had not ended by D: still active and unexpired at D, or expired after D,
// or revoked after D (the revocation's completion, else its request, is when it ended). Grants
// that have since ended are included, each linked to its access story.

export const accessAtSchema = z.object({
  resource: z.string().uuid("Pick a resource"),
  at: z
    .string()
    .trim()
    .min(1, "Give a date and time")
    .refine((s) => !Number.isNaN(Date.parse(s)), "Not a date")
    .transform((s) => new Date(s)),
});

export type AccessAtRow = {
  grantId: string;
  actor: { id: string; kind: string; displayName: string };
  entitlement: { id: string; name: string; privileged: boolean };
  source: string;
  grantedAt: Date;
  endedAt: Date | null;
  endedHow: string | null;
  statusNow: GrantStatus;
  decisionSeq: string | null;
  requestId: string | null;
};

export const ACCESS_AT_LIMIT = 500;

export async function whoHadAccess(
  resourceId: string,
  at: Date,
): Promise<{ rows: AccessAtRow[]; truncated: boolean }> {
  const grants = await db.grant.findMany({
    where: {
      entitlement: { resourceId },
      grantedAt: { lte: at },
      AND: [
        { OR: [{ expiresAt: null }, { expiresAt: { gt: at } }] },
        {
          OR: [
            { status: { not: "REVOKED" } },
            {
              revocations: {
                some: { OR: [{ completedAt: { gt: at } }, { completedAt: null, requestedAt: { gt: at } }] },
              },
            },
          ],
        },
      ],
    },
    orderBy: [{ grantedAt: "asc" }, { id: "asc" }],
    take: ACCESS_AT_LIMIT + 1,
    select: {
      id: true,
      source: true,
      status: true,
      grantedAt: true,
      expiresAt: true,
      decisionSeq: true,
      requestId: true,
      actor: { select: { id: true, kind: true, displayName: true } },
      entitlement: { select: { id: true, name: true, privileged: true } },
      revocations: {
        orderBy: { requestedAt: "asc" },
        take: 1,
        select: { method: true, requestedAt: true, completedAt: true },
      },
    },
  });
  const rows = grants.slice(0, ACCESS_AT_LIMIT).map((g) => {
    const r = g.revocations[0];
    const endedAt = r ? (r.completedAt ?? r.requestedAt) : g.status === "EXPIRED" ? g.expiresAt : null;
    return {
      grantId: g.id,
      actor: g.actor,
      entitlement: g.entitlement,
      source: g.source,
      grantedAt: g.grantedAt,
      endedAt,
      endedHow: r ? r.method : g.status === "EXPIRED" ? "EXPIRY" : null,
      statusNow: g.status,
      decisionSeq: g.decisionSeq?.toString() ?? null,
      requestId: g.requestId,
    };
  });
  return { rows, truncated: grants.length > ACCESS_AT_LIMIT };
}

export function listResourcesForPicker(q: string) {
  return db.resource.findMany({
    where: q ? { name: { contains: q, mode: "insensitive" } } : {},
    orderBy: { name: "asc" },
    take: 50,
    select: { id: true, name: true },
  });
}
