import { db } from "@/lib/db";
import { decide } from "@/lib/enforcement/decide";
import { getActivePolicySet } from "./active";
import { candidateSet } from "./testing";
import { evaluationSchema, type Evaluation } from "@/lib/decisions/schemas";

// "What if this draft were active?": replay the last N logged decisions (their AuthZEN requests,
// against today's inventory) under the draft and under the active set, and list every one
// whose answer the draft changes, next to what was logged at the time.

export type SimulatedChange = {
  seq: string;
  at: Date;
  request: Evaluation;
  logged: "ALLOW" | "DENY";
  active: "ALLOW" | "DENY";
  draft: "ALLOW" | "DENY";
  draftReason: string;
  draftPolicies: string[];
};
export type Simulation = {
  replayed: number;
  skipped: number;
  changed: SimulatedChange[];
  draftHash: string;
  activeHash: string;
};

type Details = {
  subject?: { type?: string; id?: string };
  subjectProperties?: unknown;
  action?: string;
  resource?: { type?: string; id?: string; properties?: unknown };
  context?: unknown;
  decision?: string;
};

export function requestFromDetails(d: Details): Evaluation | null {
  const candidate = {
    subject: {
      type: d.subject?.type,
      id: d.subject?.id,
      ...(d.subjectProperties && typeof d.subjectProperties === "object"
        ? { properties: d.subjectProperties }
        : {}),
    },
    action: { name: d.action },
    resource: {
      type: d.resource?.type,
      id: d.resource?.id,
      ...(d.resource?.properties && typeof d.resource.properties === "object"
        ? { properties: d.resource.properties }
        : {}),
    },
    ...(d.context && typeof d.context === "object" && !("truncated" in d.context)
      ? { context: d.context }
      : {}),
  };
  const parsed = evaluationSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

const D = (x: "allow" | "deny") => (x === "allow" ? "ALLOW" : "DENY");

export async function simulateVersion(versionId: string, limit = 1000): Promise<Simulation> {
  const [draft, active] = [await candidateSet(versionId), await getActivePolicySet()];
  const entries = await db.logEntry.findMany({
    where: { action: "decision.evaluated" },
    orderBy: { seq: "desc" },
    take: limit,
    select: { seq: true, at: true, details: true },
  });
  const changed: SimulatedChange[] = [];
  let skipped = 0;
  for (const e of entries) {
    const details = (e.details ?? {}) as Details;
    const req = requestFromDetails(details);
    if (!req) {
      skipped++;
      continue;
    }
    try {
      const [d, a] = [await decide(req, { set: draft, now: new Date() }), await decide(req, { set: active })];
      if (d.decision !== a.decision) {
        changed.push({
          seq: e.seq.toString(),
          at: e.at,
          request: req,
          logged: details.decision === "ALLOW" ? "ALLOW" : "DENY",
          active: D(a.decision),
          draft: D(d.decision),
          draftReason: d.reason,
          draftPolicies: d.policies,
        });
      }
    } catch {
      skipped++;
    }
  }
  return {
    replayed: entries.length - skipped,
    skipped,
    changed,
    draftHash: draft.hash,
    activeHash: active.hash,
  };
}
