import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TableConfig, TableParams } from "@/lib/table/search-params";

// The decision log is the ledger's decision.evaluated entries: keyset paging on seq (index
// LogEntry(action, seq)); the subject search uses LogEntry(target, seq). Filters on the decision
// or version read the JSON details of the entries walked in seq order.

export const decisionTable: TableConfig = { sortable: [], filterable: { decision: ["ALLOW", "DENY"] }, defaultSize: 50 };

export type DecisionRow = {
  seq: string;
  at: Date;
  decision: "ALLOW" | "DENY";
  subjectKind: "HUMAN" | "NHI" | "AGENT" | null;
  subjectName: string | null;
  subjectRef: string;
  action: string;
  resource: string;
  reason: string;
  policies: string[];
  policyVersion: string;
  client: string;
};

type Details = {
  decision?: string;
  subject?: { type?: string; id?: string; kind?: DecisionRow["subjectKind"]; name?: string | null };
  action?: string;
  resource?: { type?: string; id?: string };
  reason?: string;
  policies?: string[];
  policyVersion?: string;
  client?: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function listDecisionRows(params: TableParams): Promise<{ rows: DecisionRow[]; nextCursor: string | null }> {
  const take = params.size;
  const before = params.cursor && /^\d{1,19}$/.test(params.cursor) ? BigInt(params.cursor) : null;
  const q = params.q.trim();
  const decisions = params.filters.decision ?? [];
  const and: Prisma.LogEntryWhereInput[] = [];
  if (decisions.length === 1) and.push({ details: { path: ["decision"], equals: decisions[0] } });
  if (q && !UUID.test(q)) and.push({ details: { path: ["policyVersion"], equals: q.toLowerCase() } });
  const where: Prisma.LogEntryWhereInput = {
    action: "decision.evaluated",
    ...(before !== null ? { seq: { lt: before } } : {}),
    ...(q && UUID.test(q) ? { target: `actor:${q.toLowerCase()}` } : {}),
    ...(and.length ? { AND: and } : {}),
  };
  const entries = await db.logEntry.findMany({ where, orderBy: { seq: "desc" }, take: take + 1, select: { seq: true, at: true, actorName: true, details: true } });
  const page = entries.slice(0, take);
  const rows = page.map((e) => {
    const d = (e.details ?? {}) as Details;
    return {
      seq: e.seq.toString(),
      at: e.at,
      decision: d.decision === "ALLOW" ? ("ALLOW" as const) : ("DENY" as const),
      subjectKind: d.subject?.kind ?? null,
      subjectName: d.subject?.name ?? null,
      subjectRef: `${d.subject?.type ?? "?"}:${d.subject?.id ?? "?"}`,
      action: d.action ?? "",
      resource: `${d.resource?.type ?? "?"}:${d.resource?.id ?? "?"}`,
      reason: d.reason ?? "",
      policies: d.policies ?? [],
      policyVersion: d.policyVersion ?? "",
      client: d.client ?? e.actorName ?? "",
    };
  });
  return { rows, nextCursor: entries.length > take ? page[page.length - 1].seq.toString() : null };
}
