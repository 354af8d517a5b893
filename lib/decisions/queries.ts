import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

// The decision log is the ledger's decision.evaluated entries: keyset paging on seq (index
// LogEntry(action, seq)); the subject filter uses LogEntry(target, seq).

export type DecisionFilter = { before?: bigint; subjectId?: string; decision?: "ALLOW" | "DENY"; version?: string; take?: number };

export async function listDecisions(f: DecisionFilter) {
  const take = Math.min(f.take ?? 50, 200);
  const where: Prisma.LogEntryWhereInput = {
    action: "decision.evaluated",
    ...(f.before ? { seq: { lt: f.before } } : {}),
    ...(f.subjectId ? { target: `actor:${f.subjectId}` } : {}),
    ...(f.decision || f.version
      ? { AND: [...(f.decision ? [{ details: { path: ["decision"], equals: f.decision } }] : []), ...(f.version ? [{ details: { path: ["policyVersion"], equals: f.version } }] : [])] }
      : {}),
  };
  const rows = await db.logEntry.findMany({ where, orderBy: { seq: "desc" }, take: take + 1, select: { seq: true, at: true, actorName: true, target: true, details: true } });
  const page = rows.slice(0, take);
  return { rows: page, nextBefore: rows.length > take ? page[page.length - 1].seq.toString() : null };
}
