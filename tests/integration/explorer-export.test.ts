import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { exportStream } from "@/lib/explorer/export";
import { parseDecisionFilter } from "@/lib/explorer/filter";
import { jsonRecord } from "@/lib/explorer/formats";
import { listDecisions } from "@/lib/explorer/queries";
import { makeHuman, uid } from "../support/factories";

// Rows inserted straight into the store: awkward strings, an on-behalf-of human that exists and
// one that is not an actor id, nulls where the columns allow them.
async function insert(client: string, n: number, oboId: string) {
  await db.$executeRawUnsafe(
    `INSERT INTO "DecisionRecord" (seq, at, decision, "subjectKind", "subjectId", "subjectName", "subjectRef", "onBehalfOfId",
       action, "resourceType", "resourceId", privileged, policies, "policyVersion", "clientId", "clientName", reason, "traceId", engine)
     SELECT 900000000000000 + (random() * 1e13)::bigint * 1000 + g, now() - g * interval '1 millisecond',
       CASE WHEN g % 3 = 0 THEN 'DENY' ELSE 'ALLOW' END, 'AGENT',
       CASE WHEN g % 4 = 0 THEN NULL ELSE 'subj-' || g END,
       CASE WHEN g % 5 = 0 THEN NULL ELSE E'Zoë "quoted" \\\\ back\\tslash\\n' || g END,
       'agent:' || g,
       CASE g % 3 WHEN 0 THEN $2 WHEN 1 THEN 'not-an-actor' ELSE NULL END,
       'invokeTool', 'tool', E'jira\\u2028create', false,
       CASE WHEN g % 2 = 0 THEN ARRAY['p/one', 'p "two"'] ELSE ARRAY[]::text[] END,
       repeat('ab', 32), 'c-' || $1, $1, E'why \\u0001 not', CASE WHEN g % 2 = 0 THEN md5(g::text) END, 'test'
     FROM generate_series(1, $3) g`,
    client,
    oboId,
    n,
  );
}

describe("JSON Lines export", () => {
  it("writes each decision exactly as jsonRecord() would, newest first, across pages", async () => {
    const client = `export ${uid()}`;
    const human = await makeHuman();
    await insert(client, 5_003, human.id);
    const filter = parseDecisionFilter(new URLSearchParams(`window=1h&client=${encodeURIComponent(client)}`));
    const text = await new Response(exportStream(filter, "jsonl")).text();
    const lines = text.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(5_003);
    expect(new Set(lines.map((l) => JSON.parse(l).decision_id)).size).toBe(5_003);

    // The first page as the explorer lists it, formatted by the JavaScript path.
    const { rows } = await listDecisions(filter, { size: 500 });
    expect(lines.slice(0, 500)).toEqual(rows.map((r) => JSON.stringify(jsonRecord(r))));
    const withName = rows.find((r) => r.onBehalfOfId === human.id);
    expect(withName?.onBehalfOfName).toBe(human.displayName);

    const capped = await new Response(exportStream(filter, "jsonl", { maxRows: 10 })).text();
    expect(capped.split("\n").slice(0, -1)).toEqual(lines.slice(0, 10));
  });
});
