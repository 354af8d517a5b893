-- Auth hardening (issue 8): must-change password, per-ticket second-factor attempts,
-- the shared rate-limiter store, and folded refusals of unauthenticated callers.
ALTER TABLE "User" ADD COLUMN "mustChangePassword" BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE "SignInTicket" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SignInTicket_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("key")
);

CREATE TABLE "AuthRefusal" (
    "source" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "window" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "flushedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AuthRefusal_pkey" PRIMARY KEY ("source", "reason", "window")
);

CREATE INDEX "SignInTicket_expiresAt_idx" ON "SignInTicket"("expiresAt");

CREATE INDEX "AuthRefusal_flushedAt_window_idx" ON "AuthRefusal"("flushedAt", "window");
