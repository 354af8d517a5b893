import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { appendLedger, SYSTEM_ACTOR, type LedgerActor } from "@/lib/ledger/append";

// Refusals of callers nobody has authenticated (unknown sign-in emails, token requests without
// a valid client) would otherwise grow the ledger by one row of caller-chosen text per request.
// They are folded per source (IP), reason and minute: the first refusal of a minute is written
// at once with its details; the rest are only counted, and one "auth.refusals_folded" entry per
// window records the count after the minute closes (flushRefusals, a one-minute cron job).
// Refusals that concern a known account keep their own entries.

export type RefusalReason = "unknown_email" | "rate_limited" | "token_unauthenticated" | "account_locked";

/**
 * Counts one refusal; writes a ledger entry only for the first of its source/reason/minute. The
 * count is one autocommit statement, so a flood of refusals does not queue for transactions.
 */
export async function recordRefusal(
  source: string,
  reason: RefusalReason,
  details: Prisma.InputJsonObject,
  actor: LedgerActor = { id: `ip:${source.slice(0, 64)}`, kind: "USER", name: null },
): Promise<void> {
  const src = source.slice(0, 64);
  const [row] = await db.$queryRaw<{ count: number }[]>(Prisma.sql`
    INSERT INTO "AuthRefusal" (source, reason, "window", count) VALUES (${src}, ${reason}, date_trunc('minute', now()), 1)
    ON CONFLICT (source, reason, "window") DO UPDATE SET count = "AuthRefusal".count + 1
    RETURNING count`);
  if (row.count !== 1) return;
  await db.$transaction((tx) =>
    appendLedger(tx, {
      actor,
      action: "auth.refused",
      target: actor.kind === "USER" && !actor.id.startsWith("ip:") ? `user:${actor.id}` : null,
      details: { ...details, source: src, reason, folding: "first of this minute; later ones are counted" },
    }),
  );
}

/** Writes the count of every closed window that folded more than one refusal; drops old rows. */
export async function flushRefusals(): Promise<{ windows: number }> {
  const windows = await db.$transaction(async (tx) => {
    const closed = await tx.$queryRaw<
      { source: string; reason: string; window: Date; count: number }[]
    >(Prisma.sql`
      UPDATE "AuthRefusal" SET "flushedAt" = now()
      WHERE "flushedAt" IS NULL AND "window" < date_trunc('minute', now())
      RETURNING source, reason, "window", count`);
    const folded = closed.filter((w) => w.count > 1);
    await appendLedger(
      tx,
      folded.map((w) => ({
        actor: SYSTEM_ACTOR,
        action: "auth.refusals_folded",
        target: null,
        details: { source: w.source, reason: w.reason, window: w.window.toISOString(), count: w.count },
      })),
    );
    return folded.length;
  });
  await db.$executeRaw`DELETE FROM "AuthRefusal" WHERE "flushedAt" < now() - interval '1 day'`;
  await db.$executeRaw`DELETE FROM "RateLimit" WHERE expire < ${Date.now() - 3_600_000}`;
  await db.$executeRaw`DELETE FROM "SignInTicket" WHERE "expiresAt" < now() - interval '1 hour'`;
  return { windows };
}
