-- The agent path: tool boundaries, session tokens and facts, proposals with single-use approval credentials, consents.
ALTER TABLE "AgentProfile" ADD COLUMN "toolBoundary" JSONB NOT NULL DEFAULT '[]',
  ADD COLUMN "actForIds" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
  ADD COLUMN "attestationDays" INTEGER NOT NULL DEFAULT 90,
  ADD COLUMN "expiresAt" TIMESTAMPTZ(3);

ALTER TABLE "AgentSession" ADD COLUMN "tokenHash" TEXT,
  ADD COLUMN "tokenExpiresAt" TIMESTAMPTZ(3),
  ADD COLUMN "consentId" UUID,
  ADD COLUMN "calls" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "denies" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "endReason" TEXT,
  ADD COLUMN "endedBy" TEXT;
CREATE UNIQUE INDEX "AgentSession_tokenHash_key" ON "AgentSession"("tokenHash");
CREATE INDEX "AgentSession_endedAt_startedAt_idx" ON "AgentSession"("endedAt", "startedAt");

ALTER TABLE "AgentProposal" ADD COLUMN "reason" TEXT,
  ADD COLUMN "arguments" JSONB NOT NULL DEFAULT '{}',
  ADD COLUMN "argsHash" TEXT,
  ADD COLUMN "sessionId" UUID,
  ADD COLUMN "expiresAt" TIMESTAMPTZ(3),
  ADD COLUMN "decisionNote" TEXT,
  ADD COLUMN "credentialHash" TEXT,
  ADD COLUMN "credentialIssuedAt" TIMESTAMPTZ(3),
  ADD COLUMN "credentialExpiresAt" TIMESTAMPTZ(3),
  ADD COLUMN "maxUses" INTEGER NOT NULL DEFAULT 1,
  ADD COLUMN "usesLeft" INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX "AgentProposal_credentialHash_key" ON "AgentProposal"("credentialHash");

CREATE TABLE "AgentConsent" (
    "id" UUID NOT NULL,
    "humanId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "scopes" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "purpose" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AgentConsent_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "AgentConsent_humanId_createdAt_idx" ON "AgentConsent"("humanId", "createdAt");
CREATE INDEX "AgentConsent_agentId_idx" ON "AgentConsent"("agentId");
ALTER TABLE "AgentConsent" ADD CONSTRAINT "AgentConsent_humanId_fkey" FOREIGN KEY ("humanId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "AgentConsent" ADD CONSTRAINT "AgentConsent_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;
