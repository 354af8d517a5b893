-- Inventory free-text search at a million rows: trigram GIN indexes answer
-- ILIKE '%term%' on display name, external id and email without scanning the table.
-- (GIN, not btree, so the schema drift test — which compares btree indexes — ignores them.)
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "Actor_displayName_trgm_idx" ON "Actor" USING gin ("displayName" gin_trgm_ops);
CREATE INDEX "Actor_externalId_trgm_idx" ON "Actor" USING gin ("externalId" gin_trgm_ops);
CREATE INDEX "HumanProfile_email_trgm_idx" ON "HumanProfile" USING gin ("email" gin_trgm_ops);
