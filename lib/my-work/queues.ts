import type { SessionUser } from "@/lib/auth/session";
import { callerOf } from "@/lib/actions/caller";
import type { TableParams } from "@/lib/table/search-params";
import { listMyQueue } from "@/lib/campaigns/queue";
import { listLiveSessions } from "@/lib/agents/queries";
import { getJobCounts } from "@/lib/jobs/queries";
import { latestCheckpoint } from "@/lib/ledger/checkpoint";
import { listViews } from "@/lib/explorer/views";
import { countPendingProposals, listPendingProposals } from "@/lib/proposals/queries";
import { listToApprove } from "@/lib/requests/queries";
import type { WorkCardData } from "./types";

// Cards fed by the workflow queues, each from the query its own page uses.
const FEW = 5;
const firstPage = (sort: TableParams["sort"] = []): TableParams => ({
  page: 1,
  size: FEW,
  sort,
  q: "",
  filters: {},
  cursor: null,
});

/** Access requests waiting for this approver, with each stage's deadline. */
export async function approvalsWaiting(actorId: string | null): Promise<WorkCardData> {
  const href = "/requests?tab=approve";
  if (!actorId) return { count: 0, items: [], href };
  const { rows, total } = await listToApprove(actorId, firstPage([{ id: "createdAt", desc: false }]));
  return {
    count: total,
    href,
    tone: total ? "warning" : "neutral",
    items: rows.map((r) => ({
      id: r.id,
      // What is asked for leads (a long name truncates the person, never the entitlement).
      label: `${r.entitlement.resource.name} · ${r.entitlement.name}`,
      detail: `${r.entitlement.privileged ? "Privileged · " : ""}${
        r.subject.id === r.requester.id
          ? r.requester.displayName
          : `${r.subject.displayName}, asked by ${r.requester.displayName}`
      }`,
      href: `/requests/${r.id}`,
      due: r.deadlineAt,
    })),
  };
}

/** Review items due in open campaigns, most important first (the reviewer queue's own order). */
export async function reviewsDue(actorId: string | null): Promise<WorkCardData> {
  const href = "/reviews";
  if (!actorId) return { count: 0, items: [], href };
  const { rows, total } = await listMyQueue(actorId, firstPage());
  return {
    count: total,
    href,
    tone: total ? "warning" : "neutral",
    items: rows.map((r) => ({
      id: r.id,
      label: r.subject,
      detail: r.entitlement ? `${r.resource} · ${r.entitlement} · ${r.campaign}` : r.campaign,
      href,
      due: r.dueAt,
    })),
  };
}

/** Actions agents proposed that this person decides (sponsor, or the person acted for). */
export async function proposalsWaiting(actorId: string | null): Promise<WorkCardData> {
  const href = "/proposals";
  const [count, rows] = await Promise.all([
    countPendingProposals(actorId),
    listPendingProposals(actorId, FEW),
  ]);
  return {
    count,
    href,
    tone: count ? "warning" : "neutral",
    items: rows.map((p) => ({
      id: p.id,
      label: `${p.agent.displayName}: ${p.action}`,
      detail: p.resource,
      href,
      due: p.expiresAt,
    })),
  };
}

/** Sessions of my agents that are live now. */
export async function liveAgentSessions(user: SessionUser): Promise<WorkCardData> {
  // "My" sessions also for an admin: their own sponsored agents, not the whole organisation's.
  const rows = await listLiveSessions({ ...callerOf(user), isAdmin: false }, { take: 50 });
  return {
    count: rows.length,
    capped: rows.length === 50,
    href: "/agents/sessions",
    items: rows.slice(0, FEW).map((s) => ({
      id: s.id,
      label: s.agent.displayName,
      detail: `${s.task ?? "no task named"}${s.onBehalfOf ? ` · for ${s.onBehalfOf.displayName}` : ""} · ${s.calls} calls, ${s.denies} denied`,
      href: "/agents/sessions",
      due: s.expiresAt,
    })),
  };
}

/** Background jobs that gave up after their retries: a finding for the security admin. */
export async function failedJobs(): Promise<WorkCardData> {
  const counts = await getJobCounts();
  return {
    count: counts.failed,
    href: "/settings/jobs",
    tone: counts.failed ? "danger" : "neutral",
    items: [],
  };
}

/** The newest signed ledger checkpoint: what an auditor can prove offline. */
export async function ledgerCheckpoint(): Promise<WorkCardData> {
  const cp = await latestCheckpoint();
  return cp
    ? {
        count: 0,
        href: "/audit",
        items: [
          {
            id: cp.seq.toString(),
            label: `Entry #${cp.seq} signed`,
            detail: `key ${cp.keyId}`,
            href: "/audit",
            due: cp.at,
          },
        ],
      }
    : {
        count: 1,
        href: "/audit",
        tone: "warning",
        items: [
          {
            id: "none",
            label: "No signed checkpoint yet",
            detail: "Sign one on the Audit page.",
            href: "/audit",
          },
        ],
      };
}

/** The auditor's saved explorer views, one click from the page. */
export async function savedViews(userId: string): Promise<WorkCardData> {
  const views = await listViews(userId);
  return {
    count: views.length,
    href: "/decisions",
    tone: "neutral",
    items: views.slice(0, FEW).map((v) => ({ id: v.id, label: v.name, href: `/decisions?${v.query}` })),
  };
}
