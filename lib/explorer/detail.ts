import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import { loadCedar, type StoredCedarCall } from "@/lib/decisions/entities";
import { splitPolicies } from "@/lib/policy/compile";
import { requestFromDetails } from "@/lib/policy/simulate";
import { responseOf } from "@/lib/decisions/projection";
import { LIST_COLUMNS, readOnly, recordWhere, type DecisionListRow } from "./queries";

// One decision, everything an auditor asks of it: the AuthZEN request and response, the
// entities Cedar saw, the determining policies' text at that version, the ledger entry with its
// neighbours, and the access request or grant it concerns.

export type DecisionDetail = DecisionListRow & {
  request: unknown;
  response: unknown;
  engine: string;
  entitiesHash: string | null;
  /** Entities inline; one whose snapshot is missing stays its hash. */
  cedar: StoredCedarCall[] | null;
  spanId: string | null;
  privileged: boolean;
  clientId: string;
  subjectActorName: string | null;
  ledger: { seq: string; at: string; hash: string; prevHash: string } | null;
  neighbours: { seq: string; action: string; hash: string }[];
  versions: { set: string; version: number; hash: string; policySetId: string | null; text: string | null }[];
  concerns: { kind: "request" | "grant" | "proposal"; id: string; label: string }[];
};

type Raw = Omit<
  DecisionDetail,
  "at" | "ledger" | "neighbours" | "versions" | "concerns" | "subjectActorName" | "onBehalfOfName"
> & { at: Date };

/** The decision whose ledger seq (= decision id) is `seq`, or null. */
export async function getDecision(seq: bigint, knownAt?: Date | null): Promise<DecisionDetail | null> {
  const key = await recordWhere(seq, knownAt);
  const row = await readOnly(async (c) => {
    const r = await c.query<Raw>(
      `SELECT ${LIST_COLUMNS}, d.request, d.response, d.engine, d."entitiesHash", d.cedar, d."spanId", d.privileged, d."clientId"
       FROM "DecisionRecord" d WHERE ${key.where} LIMIT 1`,
      key.values,
    );
    const found = r.rows[0];
    return found ? { ...found, cedar: await loadCedar(c, found.cedar) } : null;
  });
  if (!row) return null;
  const oboId = row.onBehalfOfId && isUuid(row.onBehalfOfId) ? row.onBehalfOfId : null;
  const [entries, versions, requests, grants, proposals, obo] = await Promise.all([
    db.logEntry.findMany({
      where: { seq: { gte: seq - 1n, lte: seq + 1n } },
      orderBy: { seq: "asc" },
      select: { seq: true, at: true, action: true, hash: true, prevHash: true, details: true },
    }),
    versionsOf(seq),
    db.accessRequest.findMany({
      where: { decisionSeq: seq },
      take: 5,
      select: { id: true, entitlement: { select: { name: true } } },
    }),
    db.grant.findMany({
      where: { decisionSeq: seq },
      take: 5,
      select: { id: true, entitlement: { select: { name: true } } },
    }),
    db.agentProposal.findMany({
      where: { decisionSeq: seq },
      take: 5,
      select: { id: true, action: true, resource: true },
    }),
    oboId ? db.actor.findUnique({ where: { id: oboId }, select: { displayName: true } }) : null,
  ]);
  const own = entries.find((e) => e.seq === seq);
  // Routine allows keep no copy of the request: it is the ledger entry's, the response is the columns'.
  const request =
    row.request ?? (own ? requestFromDetails(own.details as Parameters<typeof requestFromDetails>[0]) : null);
  const response = row.response ?? responseOf(row.decision, row.reason, row.policies, row.policyVersion);
  return {
    ...row,
    request,
    response,
    at: row.at.toISOString(),
    onBehalfOfName: obo?.displayName ?? null,
    subjectActorName: row.subjectName,
    ledger: own
      ? { seq: own.seq.toString(), at: own.at.toISOString(), hash: own.hash, prevHash: own.prevHash }
      : null,
    neighbours: entries
      .filter((e) => e.seq !== seq)
      .map((e) => ({ seq: e.seq.toString(), action: e.action, hash: e.hash })),
    versions,
    concerns: [
      ...requests.map((r) => ({
        kind: "request" as const,
        id: r.id,
        label: `Access request for ${r.entitlement.name}`,
      })),
      ...grants.map((g) => ({ kind: "grant" as const, id: g.id, label: `Grant of ${g.entitlement.name}` })),
      ...proposals.map((p) => ({
        kind: "proposal" as const,
        id: p.id,
        label: `Agent proposal: ${p.action} on ${p.resource}`,
      })),
    ],
  };
}

type Member = { set?: string; version?: number; hash?: string };

/** The policy versions the decision was made under (from its ledger entry), with their text. */
export async function versionsOf(seq: bigint): Promise<DecisionDetail["versions"]> {
  const entry = await db.logEntry.findUnique({ where: { seq }, select: { details: true } });
  const members = ((entry?.details as { policyVersions?: Member[] } | null)?.policyVersions ?? []).filter(
    (m): m is Required<Member> => !!m.hash,
  );
  if (!members.length) return [];
  const rows = await db.policyVersion.findMany({
    where: { hash: { in: members.map((m) => m.hash) } },
    select: { hash: true, text: true, policySetId: true, version: true },
  });
  return members.map((m) => {
    const v =
      rows.find((r) => r.hash === m.hash && r.version === m.version) ?? rows.find((r) => r.hash === m.hash);
    return {
      set: m.set,
      version: m.version,
      hash: m.hash,
      policySetId: v?.policySetId ?? null,
      text: v?.text ?? null,
    };
  });
}

export type PolicyAtVersion = {
  id: string;
  text: string | null;
  set: string | null;
  version: number | null;
  policySetId: string | null;
};

/** Each determining policy's text in the version the decision was made under. */
export function determiningPolicies(
  policies: string[],
  versions: DecisionDetail["versions"],
): PolicyAtVersion[] {
  const split = versions.map((v) => ({ v, policies: v.text ? splitPolicies(v.set, v.text).policies : {} }));
  return policies.map((id) => {
    const hit = split.find((s) => s.policies[id]);
    return {
      id,
      text: hit?.policies[id] ?? null,
      set: hit?.v.set ?? null,
      version: hit?.v.version ?? null,
      policySetId: hit?.v.policySetId ?? null,
    };
  });
}
