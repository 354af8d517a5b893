-- Who used what, folded from the decision records by the decisions.use job
-- (lib/explorer/access-use.ts): a reviewer's "last used" and an agent's 30-day activity read one
-- row per item instead of every decision the subject ever had (a million for a busy agent).
CREATE TABLE "AccessUse" (
    "subjectId" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "lastAllowAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AccessUse_pkey" PRIMARY KEY ("subjectId", "resourceId")
);

CREATE TABLE "SubjectActivityDaily" (
    "subjectId" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "calls" BIGINT NOT NULL,
    "denies" BIGINT NOT NULL,

    CONSTRAINT "SubjectActivityDaily_pkey" PRIMARY KEY ("subjectId", "day")
);

-- How far the fold has read the decision records: every record up to (at, seq) is counted.
CREATE TABLE "AccessUseMark" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "seq" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AccessUseMark_pkey" PRIMARY KEY ("id")
);
INSERT INTO "AccessUseMark" (id, seq, at) VALUES (1, 0, TIMESTAMPTZ '1970-01-01 00:00:00+00');
