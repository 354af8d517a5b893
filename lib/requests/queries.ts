import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { offsetOf, type TableConfig, type TableParams } from "@/lib/table/search-params";
import { maxDurationMinutes } from "./limits";

// Reads for the request pages. Inbox lists are paged on the server; counts are bounded, so a
// sidebar badge never counts a million rows.

const COUNT_CAP = 999;

export const myRequestsTable: TableConfig = {
  sortable: [],
  filterable: { status: ["PENDING", "FULFILLED", "DENIED", "EXPIRED", "CANCELLED"] },
  defaultSort: [{ id: "createdAt", desc: true }],
  defaultSize: 25,
};
export const toApproveTable: TableConfig = {
  sortable: [],
  filterable: {},
  defaultSort: [{ id: "createdAt", desc: true }],
  defaultSize: 25,
};

const rowSelect = {
  id: true,
  status: true,
  createdAt: true,
  durationMinutes: true,
  breakGlass: true,
  justification: true,
  entitlement: { select: { name: true, privileged: true, resource: { select: { name: true } } } },
  subject: { select: { id: true, displayName: true, kind: true } },
  requester: { select: { id: true, displayName: true } },
} satisfies Prisma.AccessRequestSelect;

export async function listMyRequests(actorId: string, params: TableParams) {
  const status = params.filters.status as Prisma.EnumRequestStatusFilter["in"] | undefined;
  const where: Prisma.AccessRequestWhereInput = {
    requesterId: actorId,
    ...(status?.length ? { status: { in: status } } : {}),
  };
  const [rows, total] = await Promise.all([
    db.accessRequest.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...offsetOf(params),
      select: rowSelect,
    }),
    db.accessRequest.count({ where }),
  ]);
  return { rows, total };
}

type InboxRow = {
  id: string;
  status: string;
  createdAt: Date;
  durationMinutes: number | null;
  breakGlass: boolean;
  justification: string;
  role: string;
  stage: number;
  deadlineAt: Date | null;
  entName: string;
  privileged: boolean;
  resourceName: string;
  subjectId: string;
  subjectName: string;
  subjectKind: string;
  requesterId: string;
  requesterName: string;
};

/**
 * The "To approve" inbox: open approver rows of this person, newest first, in one statement
 * (index RequestApprover(approverId, open, createdAt) drives it; the joins are by primary key).
 */
export async function listToApprove(actorId: string, params: TableParams) {
  const { skip, take } = offsetOf(params);
  // Newest first in the inbox; "My work" asks for the oldest first (the most urgent).
  const oldestFirst = params.sort[0]?.id === "createdAt" && params.sort[0].desc === false;
  const [rows, total] = await Promise.all([
    db.$queryRaw<InboxRow[]>`
      SELECT r.id::text, r.status::text, r."createdAt", r."durationMinutes", r."breakGlass", r.justification,
             ra.role::text, s.position AS stage, s."deadlineAt",
             e.name AS "entName", e.privileged, res.name AS "resourceName",
             sub.id::text AS "subjectId", sub."displayName" AS "subjectName", sub.kind::text AS "subjectKind",
             req.id::text AS "requesterId", req."displayName" AS "requesterName"
      FROM "RequestApprover" ra
      JOIN "RequestStage" s ON s.id = ra."stageId"
      JOIN "AccessRequest" r ON r.id = ra."requestId"
      JOIN "Entitlement" e ON e.id = r."entitlementId"
      JOIN "Resource" res ON res.id = e."resourceId"
      JOIN "Actor" sub ON sub.id = r."subjectId"
      JOIN "Actor" req ON req.id = r."requesterId"
      WHERE ra."approverId" = ${actorId}::uuid AND ra.open
      ORDER BY ${oldestFirst ? Prisma.sql`ra."createdAt" ASC, ra."requestId" ASC` : Prisma.sql`ra."createdAt" DESC, ra."requestId" DESC`}
      LIMIT ${take} OFFSET ${skip}`,
    db.requestApprover.count({ where: { approverId: actorId, open: true } }),
  ]);
  return {
    rows: rows.map((r) => ({
      id: r.id,
      status: r.status,
      createdAt: r.createdAt,
      durationMinutes: r.durationMinutes,
      breakGlass: r.breakGlass,
      justification: r.justification,
      role: r.role,
      stage: r.stage,
      deadlineAt: r.deadlineAt,
      entitlement: { name: r.entName, privileged: r.privileged, resource: { name: r.resourceName } },
      subject: { id: r.subjectId, displayName: r.subjectName, kind: r.subjectKind },
      requester: { id: r.requesterId, displayName: r.requesterName },
    })),
    total,
  };
}

/** Sidebar counts: requests waiting on me, and my own pending ones (each capped). */
export async function requestCounts(actorId: string | null): Promise<{ toApprove: number; mine: number }> {
  if (!actorId) return { toApprove: 0, mine: 0 };
  const [toApprove, mine] = await Promise.all([
    db.requestApprover.count({ where: { approverId: actorId, open: true }, take: COUNT_CAP }),
    db.accessRequest.count({ where: { requesterId: actorId, status: "PENDING" }, take: COUNT_CAP }),
  ]);
  return { toApprove, mine };
}

/** Entitlement search for the request form: name or resource name, with what the form needs. */
export async function searchEntitlements(q: string, take = 20) {
  const term = q.trim().slice(0, 100);
  const rows = await db.entitlement.findMany({
    where: term
      ? {
          OR: [
            { name: { contains: term, mode: "insensitive" } },
            { resource: { name: { contains: term, mode: "insensitive" } } },
          ],
        }
      : {},
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take,
    select: {
      id: true,
      name: true,
      privileged: true,
      maxDurationMinutes: true,
      description: true,
      resource: { select: { name: true, owner: { select: { displayName: true } } } },
    },
  });
  return rows.map((e) => ({ ...e, maxMinutes: maxDurationMinutes(e) }));
}

export async function getEntitlementForRequest(id: string) {
  const e = await db.entitlement.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      privileged: true,
      securitySignOff: true,
      maxDurationMinutes: true,
      description: true,
      resource: { select: { name: true, owner: { select: { displayName: true } } } },
    },
  });
  return e ? { ...e, maxMinutes: maxDurationMinutes(e) } : null;
}

/** Whom the signed-in person may request for: themselves, NHIs they (co-)own, agents they sponsor. */
export async function requestableSubjects(actorId: string) {
  return db.actor.findMany({
    where: {
      status: "ACTIVE",
      OR: [
        { id: actorId },
        { nhi: { ownerId: actorId } },
        { coOwners: { some: { ownerId: actorId } } },
        { agent: { sponsorId: actorId } },
      ],
    },
    orderBy: [{ kind: "asc" }, { displayName: "asc" }],
    take: 200,
    select: { id: true, displayName: true, kind: true },
  });
}

/** Break-glass grants nobody ratified (pending or lapsed): a finding until someone looks at it. */
export async function listUnratifiedBreakGlass(take = 20) {
  return db.accessRequest.findMany({
    where: { breakGlass: true, ratifiedAt: null },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      createdAt: true,
      ratifyBy: true,
      requester: { select: { displayName: true } },
      entitlement: { select: { name: true } },
      grants: { select: { status: true } },
    },
  });
}
