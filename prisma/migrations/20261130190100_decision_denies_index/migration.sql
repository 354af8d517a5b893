-- Denies by time: the auditor's "Denied decisions" card (lib/my-work/audit.ts) and the explorer's
-- decision=DENY filter. Partial, so an allow pays the predicate, not an index entry; without it
-- a quiet day's few denies were looked for among every decision of the day.
CREATE INDEX "DecisionRecord_deny_at_idx" ON "DecisionRecord" ("at", "seq") WHERE decision = 'DENY';
