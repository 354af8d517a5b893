CREATE TYPE "ActorKind" AS ENUM ('HUMAN', 'NHI', 'AGENT');

CREATE TYPE "ActorStatus" AS ENUM ('ACTIVE', 'SUSPENDED', 'OFFBOARDING', 'RETIRED');

CREATE TYPE "Environment" AS ENUM ('PRODUCTION', 'STAGING', 'DEVELOPMENT', 'SANDBOX');

CREATE TYPE "EmploymentStatus" AS ENUM ('EMPLOYEE', 'CONTRACTOR', 'ON_LEAVE', 'TERMINATED');

CREATE TYPE "NhiType" AS ENUM ('SERVICE_ACCOUNT', 'API_KEY', 'OAUTH_APP', 'CICD_TOKEN', 'WORKLOAD_IDENTITY', 'BOT', 'SSH_KEY', 'CERTIFICATE');

CREATE TYPE "ClaimStatus" AS ENUM ('UNCLAIMED', 'CLAIM_PENDING', 'OWNED', 'ORPHANED');

CREATE TYPE "AutonomyLevel" AS ENUM ('SUGGEST_ONLY', 'ACT_WITH_APPROVAL', 'BOUNDED_AUTONOMY');

CREATE TYPE "OnBehalfOfScope" AS ENUM ('NONE', 'SPONSOR', 'TEAM', 'ANY_HUMAN');

CREATE TYPE "ResourceKind" AS ENUM ('APPLICATION', 'DATASET', 'API', 'TOOL', 'INFRASTRUCTURE');

CREATE TYPE "Sensitivity" AS ENUM ('PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'RESTRICTED');

CREATE TYPE "GrantSource" AS ENUM ('BIRTHRIGHT', 'REQUEST', 'JIT', 'IMPORT');

CREATE TYPE "GrantStatus" AS ENUM ('ACTIVE', 'EXPIRED', 'REVOKED');

CREATE TYPE "CredentialKind" AS ENUM ('STATIC_KEY', 'CERTIFICATE', 'SHORT_LIVED_TOKEN');

CREATE TYPE "RequestStatus" AS ENUM ('PENDING', 'APPROVED', 'DENIED', 'CANCELLED', 'EXPIRED', 'FULFILLED');

CREATE TYPE "ApprovalDecision" AS ENUM ('APPROVE', 'REJECT');

CREATE TYPE "PolicyStatus" AS ENUM ('DRAFT', 'ACTIVE', 'RETIRED');

CREATE TYPE "Decision" AS ENUM ('ALLOW', 'DENY');

CREATE TYPE "CampaignType" AS ENUM ('HUMAN_ACCESS', 'NHI_OWNERSHIP', 'AGENT_PERMISSIONS');

CREATE TYPE "ReviewerStrategy" AS ENUM ('MANAGER', 'RESOURCE_OWNER', 'NHI_OWNER', 'SPONSOR');

CREATE TYPE "CampaignStatus" AS ENUM ('DRAFT', 'ACTIVE', 'COMPLETED', 'CANCELLED');

CREATE TYPE "ReviewDecision" AS ENUM ('CERTIFY', 'REVOKE', 'ESCALATE');

CREATE TYPE "RevocationMethod" AS ENUM ('CAMPAIGN_REVOKE', 'OFFBOARDING', 'EXPIRY', 'MANUAL', 'INCIDENT', 'ROTATION', 'RETIREMENT');

CREATE TYPE "RetirementStep" AS ENUM ('DISABLE', 'REVOKE_CREDENTIALS', 'REMOVE_GRANTS', 'CONFIRM_TARGET', 'ARCHIVE');

CREATE TYPE "Role" AS ENUM ('ADMIN', 'MANAGER', 'SERVICE_OWNER', 'AGENT_SPONSOR', 'AUDITOR');

CREATE TYPE "ClaimRequestStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

CREATE TYPE "TransferStatus" AS ENUM ('PENDING', 'ACCEPTED', 'DECLINED', 'CANCELLED');

CREATE TYPE "ProposalStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'EXPIRED');

CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'DELIVERED', 'FAILED');

CREATE TYPE "ImportStatus" AS ENUM ('PREVIEWED', 'RUNNING', 'SUCCEEDED', 'FAILED');

CREATE TABLE "Team" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "externalId" TEXT,
    "leadId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "TeamMember" (
    "teamId" UUID NOT NULL,
    "actorId" UUID NOT NULL,

    CONSTRAINT "TeamMember_pkey" PRIMARY KEY ("teamId", "actorId")
);

CREATE TABLE "Actor" (
    "id" UUID NOT NULL,
    "kind" "ActorKind" NOT NULL,
    "displayName" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "sourceSystem" TEXT NOT NULL,
    "status" "ActorStatus" NOT NULL DEFAULT 'ACTIVE',
    "environment" "Environment" NOT NULL DEFAULT 'PRODUCTION',
    "tags" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "riskScore" INTEGER NOT NULL DEFAULT 0,
    "teamId" UUID,
    "flaggedReason" TEXT,
    "flaggedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3),

    CONSTRAINT "Actor_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "HumanProfile" (
    "actorId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "managerId" UUID,
    "mfaEnrolled" BOOLEAN NOT NULL DEFAULT false,
    "mfaVerifiedAt" TIMESTAMPTZ(3),
    "employmentStatus" "EmploymentStatus" NOT NULL DEFAULT 'EMPLOYEE',
    "lastCertifiedAt" TIMESTAMPTZ(3),

    CONSTRAINT "HumanProfile_pkey" PRIMARY KEY ("actorId")
);

CREATE TABLE "NhiProfile" (
    "actorId" UUID NOT NULL,
    "nhiType" "NhiType" NOT NULL,
    "platform" TEXT NOT NULL,
    "platformAccount" TEXT,
    "ownerId" UUID,
    "ownerSince" TIMESTAMPTZ(3),
    "pendingOwnerId" UUID,
    "createdById" UUID,
    "claimStatus" "ClaimStatus" NOT NULL DEFAULT 'UNCLAIMED',
    "rotationPeriodDays" INTEGER,
    "lastRotatedAt" TIMESTAMPTZ(3),
    "rotationDueAt" TIMESTAMPTZ(3),
    "lastRotatedById" UUID,
    "expiresAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),
    "vendor" TEXT,
    "oauthScopes" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "NhiProfile_pkey" PRIMARY KEY ("actorId")
);

CREATE TABLE "NhiCoOwner" (
    "actorId" UUID NOT NULL,
    "ownerId" UUID NOT NULL,
    "addedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NhiCoOwner_pkey" PRIMARY KEY ("actorId", "ownerId")
);

CREATE TABLE "AgentProfile" (
    "actorId" UUID NOT NULL,
    "model" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "runtime" TEXT NOT NULL,
    "sponsorId" UUID,
    "pendingSponsorId" UUID,
    "toolAllowList" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "autonomyLevel" "AutonomyLevel" NOT NULL DEFAULT 'SUGGEST_ONLY',
    "maxSessionTtlMinutes" INTEGER NOT NULL DEFAULT 60,
    "onBehalfOf" "OnBehalfOfScope" NOT NULL DEFAULT 'SPONSOR',
    "lastActiveAt" TIMESTAMPTZ(3),

    CONSTRAINT "AgentProfile_pkey" PRIMARY KEY ("actorId")
);

CREATE TABLE "Resource" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ResourceKind" NOT NULL,
    "description" TEXT,
    "ownerId" UUID,
    "sensitivity" "Sensitivity" NOT NULL DEFAULT 'INTERNAL',
    "environment" "Environment" NOT NULL DEFAULT 'PRODUCTION',
    "externalId" TEXT NOT NULL,
    "sourceSystem" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Resource_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Entitlement" (
    "id" UUID NOT NULL,
    "resourceId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "privileged" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Entitlement_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Grant" (
    "id" UUID NOT NULL,
    "actorId" UUID NOT NULL,
    "entitlementId" UUID NOT NULL,
    "source" "GrantSource" NOT NULL,
    "status" "GrantStatus" NOT NULL DEFAULT 'ACTIVE',
    "grantedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3),
    "requestId" UUID,
    "decisionSeq" BIGINT,
    "lastCertifiedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Grant_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Credential" (
    "id" UUID NOT NULL,
    "actorId" UUID NOT NULL,
    "kind" "CredentialKind" NOT NULL,
    "label" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "issuedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3),
    "rotatedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),
    "replacedById" UUID,

    CONSTRAINT "Credential_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "AccessRequest" (
    "id" UUID NOT NULL,
    "requesterId" UUID NOT NULL,
    "subjectId" UUID NOT NULL,
    "entitlementId" UUID NOT NULL,
    "justification" TEXT NOT NULL,
    "task" TEXT,
    "durationMinutes" INTEGER,
    "status" "RequestStatus" NOT NULL DEFAULT 'PENDING',
    "decision" "Decision",
    "decisionSeq" BIGINT,
    "policyVersionHash" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AccessRequest_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Approval" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "approverId" UUID NOT NULL,
    "decision" "ApprovalDecision" NOT NULL,
    "comment" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Approval_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "PolicySet" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicySet_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "PolicyVersion" (
    "id" UUID NOT NULL,
    "policySetId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "status" "PolicyStatus" NOT NULL DEFAULT 'DRAFT',
    "comment" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" TIMESTAMPTZ(3),
    "retiredAt" TIMESTAMPTZ(3),

    CONSTRAINT "PolicyVersion_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "PolicyTestCase" (
    "id" UUID NOT NULL,
    "policySetId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "request" JSONB NOT NULL,
    "expected" "Decision" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyTestCase_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Campaign" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "type" "CampaignType" NOT NULL,
    "scope" JSONB NOT NULL DEFAULT '{}',
    "reviewerStrategy" "ReviewerStrategy" NOT NULL,
    "status" "CampaignStatus" NOT NULL DEFAULT 'DRAFT',
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "launchedAt" TIMESTAMPTZ(3),
    "completedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ReviewItem" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "actorId" UUID NOT NULL,
    "grantId" UUID,
    "reviewerId" UUID,
    "decision" "ReviewDecision",
    "reason" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReviewItem_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Revocation" (
    "id" UUID NOT NULL,
    "actorId" UUID NOT NULL,
    "grantId" UUID,
    "credentialId" UUID,
    "method" "RevocationMethod" NOT NULL,
    "step" "RetirementStep",
    "reason" TEXT NOT NULL,
    "evidence" TEXT,
    "requestedById" UUID,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Revocation_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "LogEntry" (
    "seq" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "actorKind" TEXT NOT NULL,
    "actorName" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "LogEntry_pkey" PRIMARY KEY ("seq")
);

CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "roles" "Role"[] NOT NULL,
    "actorId" UUID,
    "totpSecretEnc" TEXT,
    "mfaEnabledAt" TIMESTAMPTZ(3),
    "totpLastStep" INTEGER,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMPTZ(3),
    "lastLoginAt" TIMESTAMPTZ(3),
    "disabledAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "RecoveryCode" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMPTZ(3),

    CONSTRAINT "RecoveryCode_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ConsoleSession" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),
    "userAgent" TEXT,

    CONSTRAINT "ConsoleSession_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ApiClient" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "scopes" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "actorId" UUID,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiClient_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ScimToken" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ScimToken_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "OwnershipClaim" (
    "id" UUID NOT NULL,
    "actorId" UUID NOT NULL,
    "claimantId" UUID NOT NULL,
    "teamId" UUID,
    "justification" TEXT NOT NULL,
    "status" "ClaimRequestStatus" NOT NULL DEFAULT 'PENDING',
    "autoApproved" BOOLEAN NOT NULL DEFAULT false,
    "decidedById" UUID,
    "decisionReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMPTZ(3),

    CONSTRAINT "OwnershipClaim_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "OwnershipTransfer" (
    "id" UUID NOT NULL,
    "actorId" UUID NOT NULL,
    "fromId" UUID,
    "toId" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "TransferStatus" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMPTZ(3),

    CONSTRAINT "OwnershipTransfer_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "RotationPolicy" (
    "id" UUID NOT NULL,
    "nhiType" "NhiType",
    "platform" TEXT,
    "maxAgeDays" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RotationPolicy_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "InboxMessage" (
    "id" UUID NOT NULL,
    "recipientId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMPTZ(3),

    CONSTRAINT "InboxMessage_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "WebhookEndpoint" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secretEnc" TEXT NOT NULL,
    "events" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "WebhookDelivery" (
    "id" UUID NOT NULL,
    "endpointId" UUID NOT NULL,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMPTZ(3),

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "SigningKey" (
    "kid" TEXT NOT NULL,
    "alg" TEXT NOT NULL,
    "publicJwk" JSONB NOT NULL,
    "privateJwkEnc" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiresAt" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SigningKey_pkey" PRIMARY KEY ("kid")
);

CREATE TABLE "RevokedToken" (
    "jti" TEXT NOT NULL,
    "revokedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RevokedToken_pkey" PRIMARY KEY ("jti")
);

CREATE TABLE "AgentProposal" (
    "id" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "onBehalfOfId" UUID,
    "action" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "context" JSONB NOT NULL DEFAULT '{}',
    "status" "ProposalStatus" NOT NULL DEFAULT 'PENDING',
    "decisionSeq" BIGINT,
    "decidedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AgentProposal_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "AgentSession" (
    "id" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "onBehalfOfId" UUID,
    "task" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AgentSession_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ImportJob" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'PREVIEWED',
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "processedRows" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ImportJob_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "Team_name_key" ON "Team"("name");

CREATE UNIQUE INDEX "Team_externalId_key" ON "Team"("externalId");

CREATE INDEX "TeamMember_actorId_idx" ON "TeamMember"("actorId");

CREATE INDEX "Actor_kind_status_idx" ON "Actor"("kind", "status");

CREATE INDEX "Actor_kind_displayName_idx" ON "Actor"("kind", "displayName");

CREATE INDEX "Actor_kind_riskScore_idx" ON "Actor"("kind", "riskScore");

CREATE INDEX "Actor_kind_createdAt_idx" ON "Actor"("kind", "createdAt");

CREATE INDEX "Actor_teamId_idx" ON "Actor"("teamId");

CREATE INDEX "Actor_flaggedAt_idx" ON "Actor"("flaggedAt");

CREATE UNIQUE INDEX "Actor_sourceSystem_externalId_key" ON "Actor"("sourceSystem", "externalId");

CREATE UNIQUE INDEX "HumanProfile_email_key" ON "HumanProfile"("email");

CREATE INDEX "HumanProfile_managerId_idx" ON "HumanProfile"("managerId");

CREATE INDEX "HumanProfile_department_idx" ON "HumanProfile"("department");

CREATE INDEX "NhiProfile_platform_claimStatus_idx" ON "NhiProfile"("platform", "claimStatus");

CREATE INDEX "NhiProfile_ownerId_idx" ON "NhiProfile"("ownerId");

CREATE INDEX "NhiProfile_pendingOwnerId_idx" ON "NhiProfile"("pendingOwnerId");

CREATE INDEX "NhiProfile_claimStatus_idx" ON "NhiProfile"("claimStatus");

CREATE INDEX "NhiProfile_rotationDueAt_idx" ON "NhiProfile"("rotationDueAt");

CREATE INDEX "NhiProfile_nhiType_idx" ON "NhiProfile"("nhiType");

CREATE INDEX "NhiCoOwner_ownerId_idx" ON "NhiCoOwner"("ownerId");

CREATE INDEX "AgentProfile_sponsorId_idx" ON "AgentProfile"("sponsorId");

CREATE INDEX "AgentProfile_pendingSponsorId_idx" ON "AgentProfile"("pendingSponsorId");

CREATE INDEX "Resource_name_idx" ON "Resource"("name");

CREATE INDEX "Resource_ownerId_idx" ON "Resource"("ownerId");

CREATE UNIQUE INDEX "Resource_sourceSystem_externalId_key" ON "Resource"("sourceSystem", "externalId");

CREATE INDEX "Entitlement_privileged_idx" ON "Entitlement"("privileged");

CREATE UNIQUE INDEX "Entitlement_resourceId_name_key" ON "Entitlement"("resourceId", "name");

CREATE INDEX "Grant_actorId_status_idx" ON "Grant"("actorId", "status");

CREATE INDEX "Grant_entitlementId_status_idx" ON "Grant"("entitlementId", "status");

CREATE INDEX "Grant_status_expiresAt_idx" ON "Grant"("status", "expiresAt");

CREATE INDEX "Credential_actorId_idx" ON "Credential"("actorId");

CREATE INDEX "Credential_fingerprint_idx" ON "Credential"("fingerprint");

CREATE INDEX "AccessRequest_status_createdAt_idx" ON "AccessRequest"("status", "createdAt");

CREATE INDEX "AccessRequest_subjectId_idx" ON "AccessRequest"("subjectId");

CREATE INDEX "AccessRequest_requesterId_idx" ON "AccessRequest"("requesterId");

CREATE UNIQUE INDEX "Approval_requestId_approverId_key" ON "Approval"("requestId", "approverId");

CREATE UNIQUE INDEX "PolicySet_name_key" ON "PolicySet"("name");

CREATE INDEX "PolicyVersion_status_idx" ON "PolicyVersion"("status");

CREATE INDEX "PolicyVersion_hash_idx" ON "PolicyVersion"("hash");

CREATE UNIQUE INDEX "PolicyVersion_policySetId_version_key" ON "PolicyVersion"("policySetId", "version");

CREATE UNIQUE INDEX "PolicyTestCase_policySetId_name_key" ON "PolicyTestCase"("policySetId", "name");

CREATE INDEX "Campaign_status_dueAt_idx" ON "Campaign"("status", "dueAt");

CREATE INDEX "ReviewItem_campaignId_reviewerId_idx" ON "ReviewItem"("campaignId", "reviewerId");

CREATE INDEX "ReviewItem_campaignId_decision_idx" ON "ReviewItem"("campaignId", "decision");

CREATE INDEX "ReviewItem_reviewerId_decision_idx" ON "ReviewItem"("reviewerId", "decision");

CREATE INDEX "Revocation_actorId_requestedAt_idx" ON "Revocation"("actorId", "requestedAt");

CREATE INDEX "Revocation_grantId_idx" ON "Revocation"("grantId");

CREATE UNIQUE INDEX "LogEntry_hash_key" ON "LogEntry"("hash");

CREATE INDEX "LogEntry_action_seq_idx" ON "LogEntry"("action", "seq");

CREATE INDEX "LogEntry_target_seq_idx" ON "LogEntry"("target", "seq");

CREATE INDEX "LogEntry_actor_seq_idx" ON "LogEntry"("actor", "seq");

CREATE INDEX "LogEntry_at_idx" ON "LogEntry"("at");

CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

CREATE UNIQUE INDEX "User_actorId_key" ON "User"("actorId");

CREATE INDEX "RecoveryCode_userId_idx" ON "RecoveryCode"("userId");

CREATE INDEX "ConsoleSession_userId_idx" ON "ConsoleSession"("userId");

CREATE UNIQUE INDEX "ApiClient_keyId_key" ON "ApiClient"("keyId");

CREATE INDEX "ApiClient_actorId_idx" ON "ApiClient"("actorId");

CREATE UNIQUE INDEX "ScimToken_tokenHash_key" ON "ScimToken"("tokenHash");

CREATE INDEX "OwnershipClaim_status_createdAt_idx" ON "OwnershipClaim"("status", "createdAt");

CREATE INDEX "OwnershipClaim_actorId_status_idx" ON "OwnershipClaim"("actorId", "status");

CREATE INDEX "OwnershipClaim_claimantId_idx" ON "OwnershipClaim"("claimantId");

CREATE INDEX "OwnershipTransfer_toId_status_idx" ON "OwnershipTransfer"("toId", "status");

CREATE INDEX "OwnershipTransfer_actorId_idx" ON "OwnershipTransfer"("actorId");

CREATE UNIQUE INDEX "RotationPolicy_nhiType_platform_key" ON "RotationPolicy"("nhiType", "platform");

CREATE INDEX "InboxMessage_recipientId_readAt_idx" ON "InboxMessage"("recipientId", "readAt");

CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

CREATE INDEX "WebhookDelivery_endpointId_createdAt_idx" ON "WebhookDelivery"("endpointId", "createdAt");

CREATE INDEX "AgentProposal_status_createdAt_idx" ON "AgentProposal"("status", "createdAt");

CREATE INDEX "AgentProposal_agentId_idx" ON "AgentProposal"("agentId");

CREATE INDEX "AgentSession_agentId_expiresAt_idx" ON "AgentSession"("agentId", "expiresAt");

ALTER TABLE "Team" ADD CONSTRAINT "Team_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Actor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "Actor" ADD CONSTRAINT "Actor_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "HumanProfile" ADD CONSTRAINT "HumanProfile_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "HumanProfile" ADD CONSTRAINT "HumanProfile_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "Actor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "NhiProfile" ADD CONSTRAINT "NhiProfile_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "NhiProfile" ADD CONSTRAINT "NhiProfile_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Actor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "NhiProfile" ADD CONSTRAINT "NhiProfile_pendingOwnerId_fkey" FOREIGN KEY ("pendingOwnerId") REFERENCES "Actor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "NhiProfile" ADD CONSTRAINT "NhiProfile_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Actor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "NhiCoOwner" ADD CONSTRAINT "NhiCoOwner_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "NhiCoOwner" ADD CONSTRAINT "NhiCoOwner_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "AgentProfile" ADD CONSTRAINT "AgentProfile_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "AgentProfile" ADD CONSTRAINT "AgentProfile_sponsorId_fkey" FOREIGN KEY ("sponsorId") REFERENCES "Actor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "AgentProfile" ADD CONSTRAINT "AgentProfile_pendingSponsorId_fkey" FOREIGN KEY ("pendingSponsorId") REFERENCES "Actor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "Resource" ADD CONSTRAINT "Resource_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Actor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "Entitlement" ADD CONSTRAINT "Entitlement_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "Resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "Grant" ADD CONSTRAINT "Grant_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "Grant" ADD CONSTRAINT "Grant_entitlementId_fkey" FOREIGN KEY ("entitlementId") REFERENCES "Entitlement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "Grant" ADD CONSTRAINT "Grant_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "AccessRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "Credential" ADD CONSTRAINT "Credential_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "AccessRequest" ADD CONSTRAINT "AccessRequest_requesterId_fkey" FOREIGN KEY ("requesterId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "AccessRequest" ADD CONSTRAINT "AccessRequest_subjectId_fkey" FOREIGN KEY ("subjectId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "AccessRequest" ADD CONSTRAINT "AccessRequest_entitlementId_fkey" FOREIGN KEY ("entitlementId") REFERENCES "Entitlement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "Approval" ADD CONSTRAINT "Approval_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "AccessRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "Approval" ADD CONSTRAINT "Approval_approverId_fkey" FOREIGN KEY ("approverId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "PolicyVersion" ADD CONSTRAINT "PolicyVersion_policySetId_fkey" FOREIGN KEY ("policySetId") REFERENCES "PolicySet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "PolicyVersion" ADD CONSTRAINT "PolicyVersion_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "PolicyTestCase" ADD CONSTRAINT "PolicyTestCase_policySetId_fkey" FOREIGN KEY ("policySetId") REFERENCES "PolicySet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "ReviewItem" ADD CONSTRAINT "ReviewItem_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "ReviewItem" ADD CONSTRAINT "ReviewItem_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "ReviewItem" ADD CONSTRAINT "ReviewItem_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "Grant"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "ReviewItem" ADD CONSTRAINT "ReviewItem_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "Actor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "Revocation" ADD CONSTRAINT "Revocation_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "Revocation" ADD CONSTRAINT "Revocation_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "Grant"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "Revocation" ADD CONSTRAINT "Revocation_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "Credential"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "Revocation" ADD CONSTRAINT "Revocation_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "Actor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "User" ADD CONSTRAINT "User_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "RecoveryCode" ADD CONSTRAINT "RecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "ConsoleSession" ADD CONSTRAINT "ConsoleSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "ApiClient" ADD CONSTRAINT "ApiClient_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "ApiClient" ADD CONSTRAINT "ApiClient_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "ScimToken" ADD CONSTRAINT "ScimToken_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "OwnershipClaim" ADD CONSTRAINT "OwnershipClaim_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "OwnershipClaim" ADD CONSTRAINT "OwnershipClaim_claimantId_fkey" FOREIGN KEY ("claimantId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "OwnershipTransfer" ADD CONSTRAINT "OwnershipTransfer_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "OwnershipTransfer" ADD CONSTRAINT "OwnershipTransfer_fromId_fkey" FOREIGN KEY ("fromId") REFERENCES "Actor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "OwnershipTransfer" ADD CONSTRAINT "OwnershipTransfer_toId_fkey" FOREIGN KEY ("toId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "InboxMessage" ADD CONSTRAINT "InboxMessage_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "AgentProposal" ADD CONSTRAINT "AgentProposal_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "AgentProposal" ADD CONSTRAINT "AgentProposal_onBehalfOfId_fkey" FOREIGN KEY ("onBehalfOfId") REFERENCES "Actor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "AgentSession" ADD CONSTRAINT "AgentSession_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "AgentSession" ADD CONSTRAINT "AgentSession_onBehalfOfId_fkey" FOREIGN KEY ("onBehalfOfId") REFERENCES "Actor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "ImportJob" ADD CONSTRAINT "ImportJob_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
