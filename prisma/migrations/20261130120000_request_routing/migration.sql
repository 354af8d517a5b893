-- Approval routing: a security sign-off stage (entitlement flag, security admins as approvers).
ALTER TYPE "ApproverRole" ADD VALUE 'SECURITY';

-- The requester withdrew a pending request: its stages that had not been decided end as CANCELLED.
ALTER TYPE "StageStatus" ADD VALUE 'CANCELLED';

ALTER TABLE "Entitlement" ADD COLUMN "securitySignOff" BOOLEAN NOT NULL DEFAULT false;
