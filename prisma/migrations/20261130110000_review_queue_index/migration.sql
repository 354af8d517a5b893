-- The reviewer's queue reads its open items in priority order straight off this partial index
-- (SQL-only: Prisma cannot express a partial index). It replaces (reviewerId, decision): the
-- other per-reviewer reads go through (campaignId, reviewerId) for the few active campaigns, so
-- generating a campaign still maintains the same number of indexes.
DROP INDEX "ReviewItem_reviewerId_decision_idx";
CREATE INDEX "ReviewItem_open_queue_idx" ON "ReviewItem" ("reviewerId", "priority" DESC, "createdAt", "id") WHERE "decision" IS NULL;
