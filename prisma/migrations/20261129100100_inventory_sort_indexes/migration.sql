-- Inventory sorting at a million rows: the list orders by (column, id), so indexes that end in
-- id let PostgreSQL read a page straight off the index (and stop after LIMIT) instead of
-- hash-joining and sorting every match. (kind, x, id) supersedes (kind, x).
DROP INDEX "Actor_kind_displayName_idx";
DROP INDEX "Actor_kind_riskScore_idx";
CREATE INDEX "Actor_kind_displayName_id_idx" ON "Actor"("kind", "displayName", "id");
CREATE INDEX "Actor_kind_riskScore_id_idx" ON "Actor"("kind", "riskScore", "id");
CREATE INDEX "Actor_displayName_id_idx" ON "Actor"("displayName", "id");
CREATE INDEX "Actor_riskScore_id_idx" ON "Actor"("riskScore", "id");
-- "Every NHI of a platform without an owner".
CREATE INDEX "NhiProfile_platform_ownerId_idx" ON "NhiProfile"("platform", "ownerId");
