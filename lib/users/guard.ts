import type { Tx } from "@/lib/db";
import type { LedgerActor, LedgerEvent } from "@/lib/ledger/append";
import { recordLedger, type LedgerMode } from "@/lib/ledger/outbox";

// The last-admin guard, the same on every path that disables console accounts (console,
// SCIM deactivate/delete, manual offboarding, import). Every such transaction first takes this
// advisory lock, so two of them never both count "another admin is left" and both proceed:
// the second one waits, then counts again and sees the first one's change.
const ADMIN_GUARD_LOCK = 7_240_201;

/**
 * Lock order: this guard, then the ledger's chain lock. Every leaver path takes the guard before
 * its first ledger entry (offboardPerson, SCIM's deactivate branches), so a transaction waiting
 * here never holds the chain lock: an import offboarding leavers under the guard for a while
 * delays other leavers, never the decisions (which need only the chain lock). Advisory locks are
 * re-entrant, so a transaction that already holds it just proceeds.
 */
export async function lockAdminGuard(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_GUARD_LOCK}::bigint)`;
}

export type DisableOutcome = { disabled: string[]; keptLastAdmin: string[] };

/**
 * Disables these console accounts and ends their sessions, except that at least one enabled
 * admin always remains: accounts that would remove the last one are returned in
 * `keptLastAdmin` and left enabled (the caller refuses or records that). Takes the guard lock.
 */
export async function disableAccounts(
  tx: Tx,
  userIds: string[],
  by: LedgerActor,
  details: Record<string, string>,
  ledger: LedgerMode = "chain",
): Promise<DisableOutcome> {
  if (userIds.length === 0) return { disabled: [], keptLastAdmin: [] };
  await lockAdminGuard(tx);
  const targets = await tx.user.findMany({
    where: { id: { in: userIds }, disabledAt: null },
    select: { id: true, roles: true },
    orderBy: { createdAt: "asc" },
  });
  const otherAdmins = await tx.user.count({
    where: { roles: { has: "ADMIN" }, disabledAt: null, id: { notIn: targets.map((t) => t.id) } },
  });
  const keptLastAdmin: string[] = [];
  if (otherAdmins === 0) {
    const admin = targets.find((t) => t.roles.includes("ADMIN"));
    if (admin) keptLastAdmin.push(admin.id);
  }
  const disabled = targets.map((t) => t.id).filter((id) => !keptLastAdmin.includes(id));
  const now = new Date();
  if (disabled.length) {
    await tx.user.updateMany({
      where: { id: { in: disabled }, disabledAt: null },
      data: { disabledAt: now },
    });
    await tx.consoleSession.updateMany({
      where: { userId: { in: disabled }, revokedAt: null },
      data: { revokedAt: now },
    });
  }
  const events: LedgerEvent[] = disabled.map((id) => ({
    actor: by,
    action: "user.disabled",
    target: `user:${id}`,
    details,
  }));
  for (const id of keptLastAdmin) {
    events.push({
      actor: by,
      action: "user.disable_refused",
      target: `user:${id}`,
      details: { ...details, refused: "last_active_admin" },
    });
  }
  await recordLedger(tx, events, ledger);
  return { disabled, keptLastAdmin };
}
