-- Decision explorer: the queryable projection of decision.evaluated ledger entries, partitioned
-- by month (the ledger stays the hash chain), its hourly roll-up and saved views.

CREATE SCHEMA IF NOT EXISTS decision_parts;

CREATE TABLE "DecisionRecord" (
    "seq" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "decision" TEXT NOT NULL,
    "subjectKind" TEXT NOT NULL,
    "subjectId" TEXT,
    "subjectName" TEXT,
    "subjectRef" TEXT NOT NULL,
    "onBehalfOfId" TEXT,
    "action" TEXT NOT NULL,
    "resourceType" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "privileged" BOOLEAN NOT NULL DEFAULT false,
    "policies" TEXT[] NOT NULL,
    "policyVersion" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "clientName" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "traceId" TEXT,
    "spanId" TEXT,
    "request" JSONB,
    "response" JSONB,
    "engine" TEXT NOT NULL,
    "entitiesHash" TEXT,
    "cedar" JSONB,

    CONSTRAINT "DecisionRecord_pkey" PRIMARY KEY ("at", "seq")
) PARTITION BY RANGE ("at");

-- Every index is paid by every decision the API answers: the (at, seq) key serves the window,
-- keyset paging and lookups by decision id (with the ledger entry's time); the others serve the
-- rare-value searches. Partial ones skip the rows without a value (SQL-only, Prisma cannot say).
CREATE INDEX "DecisionRecord_subjectId_at_idx" ON "DecisionRecord"("subjectId", "at");
CREATE INDEX "DecisionRecord_onBehalfOfId_at_idx" ON "DecisionRecord"("onBehalfOfId", "at") WHERE "onBehalfOfId" IS NOT NULL;
CREATE INDEX "DecisionRecord_traceId_idx" ON "DecisionRecord"("traceId") WHERE "traceId" IS NOT NULL;
-- SQL-only (Prisma cannot express BRIN): cheap range pruning inside a month for exports and counts.
CREATE INDEX "DecisionRecord_at_brin" ON "DecisionRecord" USING brin ("at") WITH (pages_per_range = 32);

-- One partition per calendar month (UTC), in their own schema so the console's schema stays the
-- models. The job decisions.partitions creates the coming months; the default partition catches
-- a write that would otherwise fail (and so deny) if the job had not run.
CREATE FUNCTION triad_decision_partition(month date) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  start_at timestamptz := date_trunc('month', month::timestamp) AT TIME ZONE 'UTC';
  end_at timestamptz := (date_trunc('month', month::timestamp) + interval '1 month') AT TIME ZONE 'UTC';
  name text := 'DecisionRecord_' || to_char(month, 'YYYY_MM');
BEGIN
  IF to_regclass(format('decision_parts.%I', name)) IS NULL THEN
    EXECUTE format('CREATE TABLE decision_parts.%I PARTITION OF "DecisionRecord" FOR VALUES FROM (%L) TO (%L)', name, start_at, end_at);
  END IF;
  RETURN name;
END $$;

SELECT triad_decision_partition((date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => m))::date)
FROM generate_series(-3, 3) AS m;
CREATE TABLE decision_parts."DecisionRecord_default" PARTITION OF "DecisionRecord" DEFAULT;

CREATE TABLE "DecisionHourly" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "decision" TEXT NOT NULL,
    "subjectKind" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "resourceType" TEXT NOT NULL,
    "clientName" TEXT NOT NULL,
    "policy" TEXT NOT NULL,
    "count" BIGINT NOT NULL,

    CONSTRAINT "DecisionHourly_pkey" PRIMARY KEY ("hour", "decision", "subjectKind", "action", "resourceType", "clientName", "policy")
);

CREATE TABLE "ExplorerView" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExplorerView_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "ExplorerView_userId_name_key" ON "ExplorerView"("userId", "name");
