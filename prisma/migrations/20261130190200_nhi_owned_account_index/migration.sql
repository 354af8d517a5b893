-- The claim queue's owner suggestions look up one owned NHI per platform account
-- (lib/ownership/suggestions.ts); (platform, claimStatus) left every owned NHI of the platform to
-- filter. Partial: only owned NHIs are ever looked up this way.
CREATE INDEX "NhiProfile_owned_account_idx" ON "NhiProfile" ("platform", "platformAccount") WHERE "claimStatus" = 'OWNED';
