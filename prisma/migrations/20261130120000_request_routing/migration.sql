-- Approval routing: a security sign-off stage (entitlement flag, security admins as approvers).
ALTER TYPE "ApproverRole" ADD VALUE 'SECURITY';

ALTER TABLE "Entitlement" ADD COLUMN "securitySignOff" BOOLEAN NOT NULL DEFAULT false;
