import { db, type Tx } from "@/lib/db";
import { Conflict, Forbidden, NotFound } from "@/lib/errors";
import { appendLedger } from "@/lib/ledger/append";
import { actorTarget, managedNhiWhere, type Caller } from "@/lib/ownership/caller";
import { DEFAULT_MAX_AGE_DAYS, dueDate, maxAgeFor } from "./due";
import { Prisma } from "@/lib/generated/prisma/client";
import type { NhiType } from "@/lib/generated/prisma/enums";
import type { MarkRotatedInput, RotationPolicyInput } from "./schemas";

/**
 * Recomputes rotation due dates from the policies in one set-based statement: last rotation
 * (or creation) + own period, else the most specific policy, else a year. `scope` limits it to
 * the NHIs a changed policy can affect; rows whose date does not change are not rewritten.
 */
export async function recomputeRotationDue(
  tx: Tx | typeof db = db,
  options: { onlyMissing?: boolean; scope?: { nhiType: NhiType | null; platform: string | null } } = {},
): Promise<number> {
  const filters: Prisma.Sql[] = [];
  if (options.onlyMissing) filters.push(Prisma.sql`AND n2."rotationDueAt" IS NULL`);
  if (options.scope?.nhiType) filters.push(Prisma.sql`AND n2."nhiType"::text = ${options.scope.nhiType}`);
  if (options.scope?.platform)
    filters.push(Prisma.sql`AND lower(n2.platform) = lower(${options.scope.platform})`);
  return tx.$executeRaw`
    UPDATE "NhiProfile" n SET "rotationDueAt" = c.due
    FROM (
      SELECT n2."actorId", COALESCE(n2."lastRotatedAt", a."createdAt") + make_interval(days => COALESCE(
        NULLIF(n2."rotationPeriodDays", 0),
        (SELECT p."maxAgeDays" FROM "RotationPolicy" p
          WHERE (p."nhiType" = n2."nhiType" OR p."nhiType" IS NULL) AND (lower(p.platform) = lower(n2.platform) OR p.platform IS NULL)
          ORDER BY (p."nhiType" IS NULL), (p.platform IS NULL) LIMIT 1),
        ${DEFAULT_MAX_AGE_DAYS}::int)) AS due
      FROM "NhiProfile" n2 JOIN "Actor" a ON a.id = n2."actorId"
      WHERE TRUE ${Prisma.join(filters.length ? filters : [Prisma.empty], " ")}
    ) c
    WHERE n."actorId" = c."actorId" AND n."rotationDueAt" IS DISTINCT FROM c.due`;
}

export async function loadRules(tx: Tx | typeof db = db) {
  return tx.rotationPolicy.findMany({ select: { nhiType: true, platform: true, maxAgeDays: true } });
}

/**
 * "Mark rotated": records the new credential (fingerprint only), retires the one it replaces
 * (a Revocation with method ROTATION), and moves the NHI's due date, with one ledger entry.
 */
export async function markRotated(
  caller: Caller,
  input: MarkRotatedInput,
): Promise<{ credentialId: string; dueAt: Date }> {
  return db.$transaction(async (tx) => {
    const nhi = await tx.nhiProfile.findFirst({
      where: { actorId: input.actorId, ...managedNhiWhere(caller) },
      select: {
        actorId: true,
        nhiType: true,
        platform: true,
        rotationPeriodDays: true,
        actor: { select: { status: true, displayName: true } },
      },
    });
    if (!nhi) throw new NotFound("That NHI does not exist or you do not own it.");
    if (nhi.actor.status === "RETIRED")
      throw new Conflict(`${nhi.actor.displayName} is retired; it has no credential to rotate.`);
    const old = await tx.credential.findMany({
      where: {
        actorId: nhi.actorId,
        revokedAt: null,
        ...(input.credentialId ? { id: input.credentialId } : { kind: { not: "SHORT_LIVED_TOKEN" } }),
      },
      select: { id: true, kind: true, label: true, fingerprint: true },
    });
    if (input.credentialId && old.length === 0)
      throw new NotFound("That credential does not exist or was already revoked.");
    if (old.some((c) => c.fingerprint === input.fingerprint)) {
      throw new Conflict(
        "That fingerprint belongs to the credential being replaced: rotate the secret first, then record the new fingerprint.",
      );
    }
    const now = new Date();
    const created = await tx.credential.create({
      data: {
        actorId: nhi.actorId,
        kind: old[0]?.kind ?? "STATIC_KEY",
        label: input.label || old[0]?.label || "Primary credential",
        fingerprint: input.fingerprint,
        issuedAt: now,
      },
      select: { id: true },
    });
    if (old.length > 0) {
      await tx.credential.updateMany({
        where: { id: { in: old.map((c) => c.id) } },
        data: { rotatedAt: now, revokedAt: now, replacedById: created.id },
      });
      await tx.revocation.createMany({
        data: old.map((c) => ({
          actorId: nhi.actorId,
          credentialId: c.id,
          method: "ROTATION" as const,
          reason: "Rotated: replaced by a new credential",
          requestedById: caller.actorId,
          requestedAt: now,
          completedAt: now,
        })),
      });
    }
    const maxAge = maxAgeFor(await loadRules(tx), nhi);
    const dueAt = dueDate(now, maxAge);
    await tx.nhiProfile.update({
      where: { actorId: nhi.actorId },
      data: { lastRotatedAt: now, lastRotatedById: caller.actorId, rotationDueAt: dueAt },
    });
    await appendLedger(tx, {
      actor: caller.ledger,
      action: "nhi.rotated",
      target: actorTarget(nhi.actorId),
      details: {
        credentialId: created.id,
        fingerprint: input.fingerprint,
        replaced: old.map((c) => c.id),
        dueAt: dueAt.toISOString(),
      },
    });
    return { credentialId: created.id, dueAt };
  });
}

export async function setRotationPolicy(
  caller: Caller,
  input: RotationPolicyInput,
): Promise<{ id: string; updated: number }> {
  if (!caller.isAdmin) throw new Forbidden("Only a security admin can change rotation policies.");
  return db.$transaction(
    async (tx) => {
      const existing = await tx.rotationPolicy.findFirst({
        where: {
          nhiType: input.nhiType,
          platform: input.platform === null ? null : { equals: input.platform, mode: "insensitive" },
        },
        select: { id: true },
      });
      const policy = existing
        ? await tx.rotationPolicy.update({
            where: { id: existing.id },
            data: { maxAgeDays: input.maxAgeDays },
            select: { id: true },
          })
        : await tx.rotationPolicy.create({ data: input, select: { id: true } });
      const updated = await recomputeRotationDue(tx, { scope: input });
      await appendLedger(tx, {
        actor: caller.ledger,
        action: "rotation.policy_set",
        target: `rotation_policy:${policy.id}`,
        details: { ...input },
      });
      return { id: policy.id, updated };
    },
    { timeout: 120_000 },
  );
}

export async function deleteRotationPolicy(caller: Caller, id: string): Promise<void> {
  if (!caller.isAdmin) throw new Forbidden("Only a security admin can change rotation policies.");
  await db.$transaction(
    async (tx) => {
      const policy = await tx.rotationPolicy.findUnique({
        where: { id },
        select: { nhiType: true, platform: true },
      });
      if (!policy) throw new NotFound("That policy does not exist.");
      await tx.rotationPolicy.delete({ where: { id } });
      await recomputeRotationDue(tx, { scope: policy });
      await appendLedger(tx, {
        actor: caller.ledger,
        action: "rotation.policy_deleted",
        target: `rotation_policy:${id}`,
      });
    },
    { timeout: 120_000 },
  );
}
