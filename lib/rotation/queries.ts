import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { managedNhiWhere, type Caller } from "@/lib/ownership/caller";
import { COUNT_CAP } from "@/lib/ownership/queries";
import { bucketOf, dueDate, maxAgeFor } from "./due";
import { loadRules } from "./mutations";
import type { BoardFilter } from "./schemas";

const DAY = 86_400_000;

function bucketWhere(bucket: BoardFilter["bucket"], now: Date): Prisma.NhiProfileWhereInput {
  switch (bucket) {
    case "overdue":
      return { rotationDueAt: { lte: now } };
    case "due7":
      return { rotationDueAt: { gt: now, lte: new Date(now.getTime() + 7 * DAY) } };
    case "due30":
      return { rotationDueAt: { gt: now, lte: new Date(now.getTime() + 30 * DAY) } };
    case "never":
      return { lastRotatedAt: null };
    default:
      return {};
  }
}

/**
 * The caller's NHIs (owned or co-owned) as two indexable arms. The same rule as
 * `managedNhiWhere`, whose OR with a co-owner subquery made PostgreSQL scan every NHI for each
 * of the board's five counts (seconds at 1,000,000 NHIs, for a person who owns a handful).
 */
async function mineWhere(caller: Caller): Promise<Prisma.NhiProfileWhereInput> {
  if (!caller.actorId) return managedNhiWhere({ ...caller, isAdmin: false });
  const co = await db.nhiCoOwner.findMany({
    where: { ownerId: caller.actorId },
    select: { actorId: true },
    take: COUNT_CAP,
  });
  // Co-owning that many is rare; the subquery form stays correct for it.
  if (co.length === COUNT_CAP) return managedNhiWhere({ ...caller, isAdmin: false });
  return co.length
    ? { OR: [{ ownerId: caller.actorId }, { actorId: { in: co.map((c) => c.actorId) } }] }
    : { ownerId: caller.actorId };
}

/** The rotation board: the caller's NHIs (or all, for admins) in one bucket, soonest due first. */
export async function listRotationBoard(caller: Caller, filter: BoardFilter, now = new Date()) {
  const scope: Prisma.NhiProfileWhereInput =
    filter.scope === "all" && caller.isAdmin ? {} : await mineWhere(caller);
  const base: Prisma.NhiProfileWhereInput = { ...scope, actor: { status: { not: "RETIRED" } } };
  const where: Prisma.NhiProfileWhereInput = { AND: [base, bucketWhere(filter.bucket, now)] };
  const count = (w: Prisma.NhiProfileWhereInput) =>
    db.nhiProfile.count({ where: { AND: [base, w] }, take: COUNT_CAP + 1 });
  const [rows, overdue, due7, due30, never] = await Promise.all([
    db.nhiProfile.findMany({
      where,
      orderBy: [{ rotationDueAt: { sort: "asc", nulls: "last" } }, { actorId: "asc" }],
      skip: (filter.page - 1) * filter.size,
      take: filter.size,
      select: {
        actorId: true,
        nhiType: true,
        platform: true,
        lastRotatedAt: true,
        rotationDueAt: true,
        actor: {
          select: {
            displayName: true,
            createdAt: true,
            _count: { select: { credentials: { where: { revokedAt: null } } } },
          },
        },
        owner: { select: { displayName: true } },
        lastRotatedById: true,
      },
    }),
    count(bucketWhere("overdue", now)),
    count(bucketWhere("due7", now)),
    count(bucketWhere("due30", now)),
    count(bucketWhere("never", now)),
  ]);
  const total = { overdue, due7, due30, never, all: 0 }[filter.bucket] || (await count({}));
  return {
    rows: rows.map((r) => ({
      id: r.actorId,
      name: r.actor.displayName,
      nhiType: r.nhiType,
      platform: r.platform,
      owner: r.owner?.displayName ?? null,
      lastRotatedAt: r.lastRotatedAt,
      dueAt: r.rotationDueAt,
      bucket: bucketOf(r.rotationDueAt, now),
      credentials: r.actor._count.credentials,
    })),
    total: Math.min(total, COUNT_CAP),
    counts: { overdue, due7, due30, never },
  };
}

/** Every live credential of an NHI with its own due date (last rotation or issue + max age). */
export async function listCredentialRotation(actorId: string, now = new Date()) {
  const nhi = await db.nhiProfile.findUnique({
    where: { actorId },
    select: { nhiType: true, platform: true, rotationPeriodDays: true },
  });
  if (!nhi) return { maxAgeDays: null, credentials: [] };
  const maxAgeDays = maxAgeFor(await loadRules(), nhi);
  const creds = await db.credential.findMany({
    where: { actorId },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { issuedAt: "desc" }],
    take: 50,
    select: {
      id: true,
      kind: true,
      label: true,
      fingerprint: true,
      issuedAt: true,
      rotatedAt: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
    },
  });
  return {
    maxAgeDays,
    credentials: creds.map((c) => {
      const due = c.revokedAt || c.kind === "SHORT_LIVED_TOKEN" ? null : dueDate(c.issuedAt, maxAgeDays);
      return { ...c, dueAt: due, bucket: c.revokedAt ? ("REVOKED" as const) : bucketOf(due, now) };
    }),
  };
}

export async function listRotationPolicies() {
  return db.rotationPolicy.findMany({
    orderBy: [{ nhiType: "asc" }, { platform: "asc" }],
    select: { id: true, nhiType: true, platform: true, maxAgeDays: true },
  });
}
