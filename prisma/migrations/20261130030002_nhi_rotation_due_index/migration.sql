-- "NHIs overdue for rotation, by due date" orders by (rotationDueAt, actor id): with the id in
-- the index the page is read straight off it, no sort of every overdue NHI. Replaces the
-- single-column index, which it covers.
DROP INDEX "NhiProfile_rotationDueAt_idx";
CREATE INDEX "NhiProfile_rotationDueAt_actorId_idx" ON "NhiProfile"("rotationDueAt", "actorId");
