import type { DecisionFilter } from "./filter";
import { readOnly } from "./queries";
import { filterSql } from "./sql";

// JSON Lines pages built by PostgreSQL: each row's line is assembled in SQL (to_json for every
// string, so the escaping is JSON.stringify's) and a page arrives as ONE text value, so an
// export of a million decisions creates no per-row objects in Node. The line is byte for byte
// JSON.stringify(jsonRecord(row)) of lib/explorer/formats.ts (integration-tested).

const UUID_RE = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
const str = (col: string) => `to_json(${col})::text`;
const nullable = (col: string) => `coalesce(to_json(${col})::text, 'null')`;
// The on-behalf-of human's name, looked up only for ids shaped like an actor id (as oboNames does).
const OBO_NAME = `CASE WHEN d."onBehalfOfId" ~ '${UUID_RE}' THEN (SELECT a."displayName" FROM "Actor" a WHERE a.id = d."onBehalfOfId"::uuid) END`;

const JSONL_LINE_SQL = `'{"decision_id":' || ${str("d.seq::text")}
  || ',"time":"' || to_char(d.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'
  || ',"decision":' || ${str("d.decision")}
  || ',"subject":{"kind":' || ${str(`d."subjectKind"`)} || ',"id":' || ${nullable(`d."subjectId"`)}
  || ',"name":' || ${nullable(`d."subjectName"`)} || ',"ref":' || ${str(`d."subjectRef"`)} || '}'
  || ',"on_behalf_of":' || CASE WHEN coalesce(d."onBehalfOfId", '') = '' THEN 'null'
       ELSE '{"id":' || ${str(`d."onBehalfOfId"`)} || ',"name":' || ${nullable(OBO_NAME)} || '}' END
  || ',"action":' || ${str("d.action")}
  || ',"resource":{"type":' || ${str(`d."resourceType"`)} || ',"id":' || ${str(`d."resourceId"`)} || '}'
  || ',"policies":' || array_to_json(d.policies)::text
  || ',"policy_set_version":' || ${str(`d."policyVersion"`)}
  || ',"api_client":' || ${str(`d."clientName"`)}
  || ',"reason":' || ${str("d.reason")}
  || ',"trace_id":' || ${nullable(`d."traceId"`)} || '}'`;

type JsonlPage = { text: string; rows: number; last: { at: Date; seq: bigint } | null };

/** Up to `size` lines after `after` (newest first), newline-terminated, and the last row's key. */
export async function fetchJsonlPage(
  filter: DecisionFilter,
  after: { at: Date; seq: bigint } | null,
  size: number,
): Promise<JsonlPage> {
  const { where, values } = filterSql(filter);
  const keyset = after ? ` AND (d.at, d.seq) < ($${values.length + 1}, $${values.length + 2})` : "";
  const params = after ? [...values, after.at, after.seq.toString()] : values;
  const { rows } = await readOnly((c) =>
    c.query<{ text: string | null; n: number; at: Date | null; seq: string | null }>(
      `WITH page AS MATERIALIZED (
         SELECT d.at, d.seq, ${JSONL_LINE_SQL} AS line FROM "DecisionRecord" d
         WHERE ${where}${keyset} ORDER BY d.at DESC, d.seq DESC LIMIT ${Math.max(1, Math.floor(size))})
       SELECT string_agg(page.line, E'\\n' ORDER BY page.at DESC, page.seq DESC) AS text, count(*)::int AS n, last.at, last.seq::text AS seq
       FROM page, LATERAL (SELECT p.at, p.seq FROM page p ORDER BY p.at, p.seq LIMIT 1) last
       GROUP BY last.at, last.seq`,
      params,
    ),
  );
  const r = rows[0];
  if (!r || !r.n || r.at === null || r.seq === null) return { text: "", rows: 0, last: null };
  return { text: `${r.text}\n`, rows: r.n, last: { at: r.at, seq: BigInt(r.seq) } };
}
