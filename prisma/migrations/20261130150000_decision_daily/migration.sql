-- Daily roll-up of the decision explorer (lib/explorer/rollup-daily.ts): whole UTC days folded
-- from "DecisionHourly" by the decisions.rollup job, and how far that fold is complete.
CREATE TABLE "DecisionDaily" (
    "day" TIMESTAMPTZ(3) NOT NULL,
    "decision" TEXT NOT NULL,
    "subjectKind" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "resourceType" TEXT NOT NULL,
    "clientName" TEXT NOT NULL,
    "policy" TEXT NOT NULL,
    "count" BIGINT NOT NULL,

    CONSTRAINT "DecisionDaily_pkey" PRIMARY KEY ("day", "decision", "subjectKind", "action", "resourceType", "clientName", "policy")
);

CREATE TABLE "DecisionRollupMark" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "through" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DecisionRollupMark_pkey" PRIMARY KEY ("id")
);
