import { createHash } from "node:crypto";
import { cleanJson } from "@/lib/ledger/append";
import { canonicalJson } from "@/lib/ledger/canonical";
import type { LinkedBatch, Params, SideInsert } from "@/lib/ledger/append-raw";
import { cedar } from "@/lib/policy/cedar";
import type { CedarCall, Outcome } from "@/lib/enforcement/decide";
import type { Caller } from "./record";
import { entityRef, storeCedar } from "./entities";
import type { Evaluation } from "./schemas";
import type { TraceIds } from "./trace";

// The decision record: the queryable projection of a decision.evaluated ledger entry, written by
// the group commit in the same transaction as the entry (one multi-row INSERT and one roll-up
// upsert per batch). The ledger stays the hash chain; this table is what the explorer reads.

export type DecisionDraft = {
  decision: "ALLOW" | "DENY" | "ERROR";
  subjectKind: string;
  subjectId: string | null;
  subjectName: string | null;
  subjectRef: string;
  onBehalfOfId: string | null;
  action: string;
  resourceType: string;
  resourceId: string;
  privileged: boolean;
  policies: string[];
  policyVersion: string;
  clientId: string;
  clientName: string;
  reason: string;
  traceId: string | null;
  spanId: string | null;
  request: unknown;
  response: unknown;
  engine: string;
  entitiesHash: string | null;
  cedar: CedarCall[] | null;
};

/** The AuthZEN response the caller got (its decision_id is the record's seq). */
export const responseOf = (decision: string, reason: string, policies: string[], version: string) => ({
  decision: decision === "ALLOW",
  context: { reason_admin: { en: reason }, policies, policy_set_version: version },
});

let engineVersion: string | undefined;
export function cedarEngineVersion(): string {
  engineVersion ??= `cedar-wasm ${cedar().getCedarVersion()}`;
  return engineVersion;
}

/** canonicalJson(request), with each entity's text from the cache (keys in RFC 8785 order). */
function requestText(r: CedarCall["request"]): string {
  let entities = "[";
  for (let i = 0; i < r.entities.length; i++) entities += (i ? "," : "") + entityRef(r.entities[i]).text;
  const parts: string[] = [];
  const add = (key: string, text: string | undefined) => text !== undefined && parts.push(`"${key}":${text}`);
  add("action", r.action === undefined ? undefined : canonicalJson(r.action));
  add("context", r.context === undefined ? undefined : canonicalJson(r.context));
  add("entities", `${entities}]`);
  add("principal", r.principal === undefined ? undefined : canonicalJson(r.principal));
  add("resource", r.resource === undefined ? undefined : canonicalJson(r.resource));
  return `{${parts.join(",")}}`;
}

/** SHA-256 of the Cedar requests (entities and context) the PDP evaluated, in order, as RFC 8785 JSON (jsonb reorders keys). */
export function entitiesHashOf(calls: CedarCall[]): string | null {
  if (!calls.length) return null;
  let text = "[";
  for (let i = 0; i < calls.length; i++) text += (i ? "," : "") + requestText(calls[i].request);
  return createHash("sha256")
    .update(text + "]")
    .digest("hex");
}

const isPrivileged = (calls: CedarCall[]) =>
  calls.some((c) => c.request.entities.some((e) => e.attrs?.privileged === true));

/**
 * Builds the record of one decision; the entity data itself is kept for denies, privileged
 * resources and agent tool calls (each entity stored once, see ./entities.ts).
 */
export function decisionDraft(
  caller: Caller,
  req: Evaluation,
  outcome: Outcome,
  calls: CedarCall[],
  trace: TraceIds | null,
): DecisionDraft {
  const decision = outcome.decision === "allow" ? "ALLOW" : "DENY";
  const privileged = isPrivileged(calls);
  const keep =
    decision === "DENY" ||
    privileged ||
    (outcome.subject.kind === "AGENT" && req.action.name === "invokeTool");
  return {
    decision,
    subjectKind: outcome.subject.kind,
    subjectId: outcome.subject.id,
    subjectName: outcome.subject.name,
    subjectRef: `${req.subject.type}:${req.subject.id}`,
    onBehalfOfId: outcome.onBehalfOf?.id ?? null,
    action: req.action.name,
    resourceType: req.resource.type.toLowerCase(),
    resourceId: req.resource.id,
    privileged,
    policies: outcome.policies,
    policyVersion: outcome.versionHash,
    clientId: caller.id,
    clientName: caller.name,
    reason: outcome.reason,
    traceId: trace?.traceId ?? null,
    spanId: trace?.spanId ?? null,
    request: keep ? req : null,
    response: keep ? responseOf(decision, outcome.reason, outcome.policies, outcome.versionHash) : null,
    engine: cedarEngineVersion(),
    entitiesHash: entitiesHashOf(calls),
    cedar: keep && calls.length ? calls : null,
  };
}

const recordsSql = (
  at: string,
  c: string[],
  batch: LinkedBatch,
) => `INSERT INTO "DecisionRecord" (seq, at, decision, "subjectKind", "subjectId", "subjectName", "subjectRef", "onBehalfOfId", action, "resourceType", "resourceId", privileged, policies, "policyVersion", "clientId", "clientName", reason, "traceId", "spanId", request, response, engine, "entitiesHash", cedar)
  SELECT ${batch.seqOf("v.i")}, ${at}, v.decision, v.kind, v.sid, v.sname, v.sref, v.obo, v.action, v.rtype, v.rid, v.priv,
    ARRAY(SELECT jsonb_array_elements_text(v.policies)), v.version, v.cid, v.cname, v.reason, v.trace, v.span, v.request, v.response, v.engine, v.ehash, v.cedar
  FROM unnest(${c[0]}::int[], ${c[1]}::text[], ${c[2]}::text[], ${c[3]}::text[], ${c[4]}::text[], ${c[5]}::text[], ${c[6]}::text[], ${c[7]}::text[], ${c[8]}::text[], ${c[9]}::text[], ${c[10]}::bool[],
    ${c[11]}::jsonb[], ${c[12]}::text[], ${c[13]}::text[], ${c[14]}::text[], ${c[15]}::text[], ${c[16]}::text[], ${c[17]}::text[], ${c[18]}::jsonb[], ${c[19]}::jsonb[], ${c[20]}::text[], ${c[21]}::text[], ${c[22]}::jsonb[])
    AS v(i, decision, kind, sid, sname, sref, obo, action, rtype, rid, priv, policies, version, cid, cname, reason, trace, span, request, response, engine, ehash, cedar)`;

// The roll-up rows are locked only after the chain lock (the WHERE needs the appended entries):
// two writers (replicas) then queue on the chain lock, and never each hold what the other waits for.
const rollupSql = (
  at: string,
  r: string[],
  batch: LinkedBatch,
) => `INSERT INTO "DecisionHourly" (hour, decision, "subjectKind", action, "resourceType", "clientName", policy, count)
  SELECT date_trunc('hour', ${at}), r.decision, r.kind, r.action, r.rtype, r.client, r.policy, r.n
  FROM unnest(${r[0]}::text[], ${r[1]}::text[], ${r[2]}::text[], ${r[3]}::text[], ${r[4]}::text[], ${r[5]}::text[], ${r[6]}::bigint[]) AS r(decision, kind, action, rtype, client, policy, n)
  WHERE ${batch.seqOf("0")} IS NOT NULL
  ON CONFLICT (hour, decision, "subjectKind", action, "resourceType", "clientName", policy) DO UPDATE SET count = "DecisionHourly".count + EXCLUDED.count`;

// Gated on the chain lock like the roll-up: two replicas sending one new entity then never each
// wait for the other's uncommitted row while holding what the other needs.
const entitiesSql = (e: string[], batch: LinkedBatch) => `INSERT INTO "DecisionEntity" (hash, entity)
  SELECT v.hash, v.entity::jsonb FROM unnest(${e[0]}::text[], ${e[1]}::text[]) AS v(hash, entity)
  WHERE ${batch.seqOf("0")} IS NOT NULL
  ON CONFLICT (hash) DO NOTHING`;

// PostgreSQL text and jsonb cannot hold NUL or a lone UTF-16 surrogate (see lib/ledger/append.ts);
// either would fail the whole batch's statement.
const clean = (v: string | null): string | null =>
  v === null ? null : v.toWellFormed().replace(/\u0000/g, "\uFFFD");
// JSON text escapes NUL and lone surrogates (\u0000, \ud800), which jsonb refuses as well: the
// value is cleaned before it is written, not its text.
const json = (v: unknown): string | null =>
  v === null || v === undefined ? null : JSON.stringify(cleanJson(v));

/**
 * The batch's decision records and hourly roll-up counts, as two side statements of the group
 * commit's one append statement (lib/ledger/append-raw.ts): they commit with the ledger entries,
 * at the same time and with the seqs the database linked the entries under. The entity snapshots
 * it sends are added to `unsent` (hash → canonical text).
 */
export const decisionSides =
  (drafts: (DecisionDraft | undefined)[], unsent: Map<string, string>): SideInsert =>
  (p: Params, batch: LinkedBatch) => {
    // Each record names its entry by the entry's place in the batch (its seq is known only in the statement).
    const rows = drafts.flatMap((d, i) => (d ? [{ d, i }] : []));
    if (!rows.length) return [];
    const cols: unknown[][] = Array.from({ length: 23 }, () => []);
    const counts = new Map<string, number>();
    for (const { d, i } of rows) {
      const values = [
        i,
        d.decision,
        d.subjectKind,
        clean(d.subjectId),
        clean(d.subjectName),
        clean(d.subjectRef),
        clean(d.onBehalfOfId),
        clean(d.action),
        clean(d.resourceType),
        clean(d.resourceId),
        d.privileged,
        json(d.policies),
        d.policyVersion,
        clean(d.clientId),
        clean(d.clientName),
        clean(d.reason),
        d.traceId,
        d.spanId,
        json(d.request),
        json(d.response),
        d.engine,
        d.entitiesHash,
        d.cedar ? json(storeCedar(d.cedar, unsent)) : null,
      ];
      values.forEach((v, c) => cols[c].push(v));
      // The roll-up keeps the first determining policy: the facet counts decisions, not policies.
      const key = JSON.stringify([
        d.decision,
        d.subjectKind,
        clean(d.action),
        clean(d.resourceType),
        clean(d.clientName),
        clean(d.policies[0] ?? ""),
      ]);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    // Sorted keys: concurrent batches lock the roll-up rows in one order (no deadlock).
    const keys = [...counts.keys()].sort();
    const roll: unknown[][] = Array.from({ length: 7 }, () => []);
    for (const k of keys) {
      (JSON.parse(k) as string[]).forEach((v, c) => roll[c].push(v));
      roll[6].push(counts.get(k));
    }
    const at = batch.at;
    const entities = unsent.size
      ? [
          {
            name: "decision_entities",
            sql: entitiesSql([p.add([...unsent.keys()]), p.add([...unsent.values()])], batch),
          },
        ]
      : [];
    return [
      ...entities,
      {
        name: "decision_records",
        sql: recordsSql(
          at,
          cols.map((c) => p.add(c)),
          batch,
        ),
      },
      {
        name: "decision_rollup",
        sql: rollupSql(
          at,
          roll.map((r) => p.add(r)),
          batch,
        ),
      },
    ];
  };
