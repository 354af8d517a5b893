-- Certification campaigns: definitions (templates), numbered runs with frozen settings, review
-- items with stages, decision latency and remediation state; attestation time on NHIs and agents.
ALTER TYPE "ReviewDecision" ADD VALUE 'ACCEPT';
ALTER TYPE "ReviewDecision" ADD VALUE 'REDUCE';
ALTER TYPE "ReviewDecision" ADD VALUE 'DELEGATE';
ALTER TYPE "GrantSource" ADD VALUE 'CAMPAIGN';

ALTER TABLE "NhiProfile" ADD COLUMN "lastAttestedAt" TIMESTAMPTZ(3);
ALTER TABLE "AgentProfile" ADD COLUMN "lastAttestedAt" TIMESTAMPTZ(3);

CREATE TABLE "CampaignDefinition" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "type" "CampaignType" NOT NULL,
    "reviewerStrategy" "ReviewerStrategy" NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CampaignDefinition_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "CampaignDefinition_createdAt_idx" ON "CampaignDefinition"("createdAt");

ALTER TABLE "Campaign"
    ADD COLUMN "definitionId" UUID,
    ADD COLUMN "number" INTEGER NOT NULL DEFAULT 1,
    ADD COLUMN "settings" JSONB NOT NULL DEFAULT '{}',
    ADD COLUMN "fallbackReviewerId" UUID,
    ADD COLUMN "rerunOfId" UUID,
    ADD COLUMN "closedAt" TIMESTAMPTZ(3),
    ADD COLUMN "riskAcceptedReason" TEXT,
    ADD COLUMN "riskAcceptedById" UUID;
CREATE INDEX "Campaign_definitionId_number_idx" ON "Campaign"("definitionId", "number");
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_definitionId_fkey" FOREIGN KEY ("definitionId") REFERENCES "CampaignDefinition"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "ReviewItem"
    ADD COLUMN "entitlementId" UUID,
    ADD COLUMN "stage" INTEGER NOT NULL DEFAULT 1,
    ADD COLUMN "assignedBy" TEXT NOT NULL DEFAULT 'STRATEGY',
    ADD COLUMN "priority" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "latencyMs" INTEGER,
    ADD COLUMN "batchSize" INTEGER,
    ADD COLUMN "decidedById" UUID,
    ADD COLUMN "note" TEXT,
    ADD COLUMN "remediation" TEXT,
    ADD COLUMN "remediationAt" TIMESTAMPTZ(3),
    ADD COLUMN "replacementGrantId" UUID,
    ADD COLUMN "autoDecided" BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX "ReviewItem_grantId_idx" ON "ReviewItem"("grantId");
CREATE INDEX "ReviewItem_actorId_idx" ON "ReviewItem"("actorId");
CREATE INDEX "ReviewItem_campaignId_remediation_idx" ON "ReviewItem"("campaignId", "remediation");
