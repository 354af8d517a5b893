-- Access requests and just-in-time grants: approval routing as data, break-glass, ticket refs.
CREATE TYPE "ApprovalMode" AS ENUM ('ANY', 'ALL');
CREATE TYPE "StageStatus" AS ENUM ('WAITING', 'OPEN', 'APPROVED', 'REJECTED', 'EXPIRED');
CREATE TYPE "ApproverRole" AS ENUM ('MANAGER', 'RESOURCE_OWNER', 'NHI_OWNER', 'SPONSOR', 'FALLBACK');

ALTER TABLE "AccessRequest"
  ADD COLUMN "ticketRef" TEXT,
  ADD COLUMN "decisionReason" TEXT,
  ADD COLUMN "autoApprovedBy" TEXT,
  ADD COLUMN "breakGlass" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "ratifyBy" TIMESTAMPTZ(3),
  ADD COLUMN "ratifiedById" UUID,
  ADD COLUMN "ratifiedAt" TIMESTAMPTZ(3),
  ADD COLUMN "deadlineAt" TIMESTAMPTZ(3);
CREATE INDEX "AccessRequest_requesterId_createdAt_idx" ON "AccessRequest"("requesterId", "createdAt");
CREATE INDEX "AccessRequest_breakGlass_ratifiedAt_idx" ON "AccessRequest"("breakGlass", "ratifiedAt");

ALTER TABLE "Approval"
  ADD COLUMN "stageId" UUID,
  ADD COLUMN "role" "ApproverRole",
  ADD COLUMN "stepUpAt" TIMESTAMPTZ(3);

CREATE TABLE "RequestStage" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "mode" "ApprovalMode" NOT NULL,
    "status" "StageStatus" NOT NULL DEFAULT 'WAITING',
    "deadlineAt" TIMESTAMPTZ(3),
    "fallbackApproverId" UUID,
    "escalatedAt" TIMESTAMPTZ(3),
    "decidedAt" TIMESTAMPTZ(3),
    CONSTRAINT "RequestStage_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "RequestApprover" (
    "stageId" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "approverId" UUID NOT NULL,
    "role" "ApproverRole" NOT NULL,
    "open" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RequestApprover_pkey" PRIMARY KEY ("stageId", "approverId")
);

CREATE UNIQUE INDEX "RequestStage_requestId_position_key" ON "RequestStage"("requestId", "position");
CREATE INDEX "RequestApprover_approverId_open_createdAt_idx" ON "RequestApprover"("approverId", "open", "createdAt");
CREATE INDEX "RequestApprover_requestId_idx" ON "RequestApprover"("requestId");

ALTER TABLE "RequestStage" ADD CONSTRAINT "RequestStage_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "AccessRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "RequestApprover" ADD CONSTRAINT "RequestApprover_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "RequestStage"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "RequestApprover" ADD CONSTRAINT "RequestApprover_approverId_fkey" FOREIGN KEY ("approverId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "Entitlement" ADD COLUMN "maxDurationMinutes" INTEGER;
