import { db } from "@/lib/db";
import { appendLedger, SYSTEM_ACTOR } from "@/lib/ledger/append";
import { enqueueWebhook } from "@/lib/webhooks/enqueue";
import { notifyMany } from "@/lib/inbox/notify";

type OwnerTally = { ownerId: string; overdue: bigint; due7: bigint; sample: string[] };

/**
 * Sends each owner at most one rotation reminder a day: an inbox message plus a signed webhook
 * (`rotation.overdue` or `rotation.due`), counted per owner in one grouped query.
 */
export async function sendRotationReminders(now = new Date()): Promise<{ owners: number }> {
  const in7 = new Date(now.getTime() + 7 * 86_400_000);
  const since = new Date(now.getTime() - 20 * 3_600_000);
  const tallies = await db.$queryRaw<OwnerTally[]>`
    SELECT n."ownerId" AS "ownerId",
      count(*) FILTER (WHERE n."rotationDueAt" <= ${now}) AS overdue,
      count(*) FILTER (WHERE n."rotationDueAt" > ${now}) AS due7,
      (array_agg(a."displayName" ORDER BY n."rotationDueAt"))[1:3] AS sample
    FROM "NhiProfile" n JOIN "Actor" a ON a.id = n."actorId"
    WHERE n."rotationDueAt" <= ${in7} AND n."ownerId" IS NOT NULL AND a.status <> 'RETIRED'
      AND NOT EXISTS (SELECT 1 FROM "InboxMessage" m WHERE m."recipientId" = n."ownerId" AND m.kind = 'rotation.reminder' AND m."createdAt" > ${since})
    GROUP BY n."ownerId"
    LIMIT 5000`;
  if (tallies.length === 0) return { owners: 0 };
  await db.$transaction(async (tx) => {
    await notifyMany(
      tx,
      tallies.map((t) => ({
        recipientId: t.ownerId,
        kind: "rotation.reminder",
        title:
          t.overdue > 0n
            ? `${t.overdue} credential(s) overdue for rotation`
            : `${t.due7} credential(s) due for rotation within 7 days`,
        body: `${[t.overdue > 0n ? `${t.overdue} overdue` : "", t.due7 > 0n ? `${t.due7} due within 7 days` : ""].filter(Boolean).join(", ")}: ${t.sample.join(", ")}${Number(t.overdue + t.due7) > t.sample.length ? ", …" : ""}.`,
        link: t.overdue > 0n ? "/ownership/rotation?bucket=overdue" : "/ownership/rotation?bucket=due7",
      })),
    );
    for (const t of tallies) {
      await enqueueWebhook(tx, t.overdue > 0n ? "rotation.overdue" : "rotation.due", {
        ownerId: t.ownerId,
        overdue: Number(t.overdue),
        dueWithin7Days: Number(t.due7),
        examples: t.sample,
      });
    }
    await appendLedger(tx, {
      actor: SYSTEM_ACTOR,
      action: "rotation.reminded",
      target: null,
      details: { owners: tallies.length },
    });
  });
  return { owners: tallies.length };
}
