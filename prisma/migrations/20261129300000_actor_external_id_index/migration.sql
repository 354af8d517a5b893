-- Decision API subject lookup by external id (AuthZEN subjects are often IdP ids).
CREATE INDEX "Actor_externalId_idx" ON "Actor"("externalId");
