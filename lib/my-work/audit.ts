import { db } from "@/lib/db";
import { getLedgerIntegrity } from "@/lib/dashboard/queries";
import type { WorkCardData } from "./types";

const FEW = 5;
const DENY_WINDOW = 50;

/**
 * The newest denied decisions of the last 24 hours, from the decision records (the explorer's
 * store, which the card links to) through their partial index on denies: a quiet day's three
 * denies cost three index entries, not a walk through every decision of the day. The window is
 * on the database's clock, the one that stamps the decisions.
 */
export async function recentDenies(): Promise<WorkCardData> {
  const rows = await db.$queryRaw<
    Array<{
      seq: bigint;
      at: Date;
      clientName: string;
      subject: string;
      action: string;
      resource: string;
      reason: string;
    }>
  >`
    SELECT seq, at, "clientName", COALESCE("subjectName", "subjectRef") AS subject, action,
      -- A deny keeps its request (lib/decisions/projection.ts): the resource's name when the PEP sent one.
      COALESCE(request->'resource'->'properties'->>'name', "resourceType") AS resource, reason
    FROM "DecisionRecord"
    WHERE decision = 'DENY' AND at >= now() - interval '24 hours' AND at <= now()
    ORDER BY at DESC, seq DESC LIMIT ${DENY_WINDOW}`;
  return {
    count: rows.length,
    capped: rows.length === DENY_WINDOW,
    // The explorer, filtered the same way (its own store holds the same decisions).
    href: "/decisions?window=24h&decision=DENY",
    tone: rows.length ? "warning" : "neutral",
    items: rows.slice(0, FEW).map((r) => ({
      id: r.seq.toString(),
      label: [r.subject, r.action, r.resource].filter(Boolean).join(" · "),
      detail: r.reason || r.clientName,
      href: "/decisions?window=24h&decision=DENY",
      due: r.at,
    })),
  };
}

/** The newest ledger entries re-hashed; a break is the most urgent thing an auditor can see. */
export async function ledgerIntegrity(): Promise<WorkCardData> {
  const integrity = await getLedgerIntegrity();
  return integrity.ok
    ? { count: 0, href: "/audit", items: [] }
    : {
        count: 1,
        href: "/audit",
        tone: "danger",
        items: [
          {
            id: "break",
            label: `Chain broken at entry #${integrity.breakAt}`,
            detail: integrity.reason,
            href: "/audit",
          },
        ],
      };
}
