import { db } from "@/lib/db";
import { Conflict, Invalid, NotFound } from "@/lib/errors";
import { appendLedger } from "@/lib/ledger/append";
import { assertCampaignAdmin, userIdOf, type Caller } from "./caller";
import { settingsOf, toJson } from "./generate";
import { scheduleCampaignJobs } from "./timers";

/**
 * Re-runs a closed campaign: only the items nobody answered (still undecided, or decided by the
 * deadline rule) whose access is still active, for the same reviewers who did not respond.
 */
export async function rerunCampaign(
  caller: Caller,
  input: { campaignId: string; dueAt: Date },
  now = new Date(),
) {
  assertCampaignAdmin(caller);
  if (input.dueAt <= now)
    throw new Invalid("The due date is in the past. Choose a due date after today.", {
      dueAt: ["The due date is in the past."],
    });
  return db.$transaction(async (tx) => {
    const old = await tx.campaign.findUnique({ where: { id: input.campaignId } });
    if (!old) throw new NotFound("No such campaign.");
    if (!old.closedAt) throw new Conflict("Only a closed campaign can be re-run.");
    const settings = { ...settingsOf(old.settings), dueAt: input.dueAt, startsAt: now };
    const [{ next }] = await tx.$queryRaw<Array<{ next: number }>>`
      SELECT coalesce(max(number), 0)::int + 1 AS next FROM "Campaign" WHERE ("definitionId" = ${old.definitionId}::uuid) OR id = ${old.id}::uuid`;
    const base = old.name.replace(/ #\d+$/, "");
    const campaign = await tx.campaign.create({
      data: {
        name: `${base} #${next} (re-run)`,
        type: old.type,
        reviewerStrategy: old.reviewerStrategy,
        scope: old.scope ?? {},
        status: "ACTIVE",
        dueAt: input.dueAt,
        createdById: userIdOf(caller),
        launchedAt: now,
        definitionId: old.definitionId,
        number: next,
        settings: toJson(settings),
        fallbackReviewerId: old.fallbackReviewerId,
        rerunOfId: old.id,
      },
      select: { id: true },
    });
    const items = await tx.$executeRaw`
      INSERT INTO "ReviewItem" (id, "campaignId", "actorId", "grantId", "entitlementId", "reviewerId", stage, "assignedBy", priority, "createdAt")
      SELECT gen_random_uuid(), ${campaign.id}::uuid, ri."actorId", ri."grantId", ri."entitlementId", ri."reviewerId", ri.stage, 'RERUN', ri.priority, ${now}
      FROM "ReviewItem" ri LEFT JOIN "Grant" g ON g.id = ri."grantId" JOIN "Actor" a ON a.id = ri."actorId"
      WHERE ri."campaignId" = ${old.id}::uuid AND ri."reviewerId" IS NOT NULL AND (ri.decision IS NULL OR ri."autoDecided")
        AND (ri."grantId" IS NULL OR g.status = 'ACTIVE') AND a.status <> 'RETIRED'`;
    if (items === 0)
      throw new Invalid("Every item of that campaign got a response: there is nothing to re-run.");
    await scheduleCampaignJobs(tx, campaign.id, settings, now);
    await appendLedger(tx, [
      {
        actor: caller.ledger,
        action: "campaign.rerun",
        target: `campaign:${campaign.id}`,
        details: { rerunOf: old.id, items },
      },
    ]);
    return { id: campaign.id, items };
  });
}
