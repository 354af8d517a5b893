import type { SessionUser } from "@/lib/auth/session";
import { callerOf } from "@/lib/ownership/caller";
import { ledgerIntegrity, recentDenies } from "./audit";
import { credentialsExpiring, retirementsInProgress, rotationsDue, transfersToAccept } from "./owners";
import { reportsExpiringAccess, successionWaiting } from "./people";
import { agentsPastAttestation, campaignsUnresolved } from "./findings";
import {
  approvalsWaiting,
  failedJobs,
  ledgerCheckpoint,
  liveAgentSessions,
  proposalsWaiting,
  reviewsDue,
  savedViews,
} from "./queues";
import type { WorkCardDef } from "./types";

/**
 * Every "My work" card, each loaded by the same query as the queue it links to. A person sees
 * the cards of each role they hold, most urgent first (by `urgency`, then role order).
 */
export const WORK_CARDS: readonly WorkCardDef[] = [
  {
    id: "approvals",
    roles: ["MANAGER", "AGENT_SPONSOR", "ADMIN"],
    title: "Requests to approve",
    empty: "No access request is waiting for you.",
    urgency: 1,
    load: (u) => approvalsWaiting(u.actorId),
  },
  {
    id: "reviews",
    roles: ["MANAGER", "SERVICE_OWNER", "AGENT_SPONSOR"],
    title: "Review items due",
    empty: "No review item of an open campaign is waiting for you.",
    urgency: 2,
    load: (u) => reviewsDue(u.actorId),
  },
  {
    id: "proposals",
    roles: ["AGENT_SPONSOR", "MANAGER"],
    title: "Agent proposals to decide",
    empty: "No agent is waiting for your approval.",
    urgency: 3,
    load: (u) => proposalsWaiting(u.actorId),
  },
  {
    id: "agent-sessions",
    roles: ["AGENT_SPONSOR"],
    title: "Your agents' live sessions",
    empty: "None of your agents is running a session now.",
    urgency: 60,
    load: (u) => liveAgentSessions(u),
  },
  {
    id: "failed-jobs",
    roles: ["ADMIN"],
    title: "Failed background jobs",
    empty: "Every background job ran or is waiting its turn.",
    urgency: 4,
    load: () => failedJobs(),
  },
  {
    id: "checkpoint",
    roles: ["AUDITOR"],
    title: "Latest signed ledger checkpoint",
    empty: "—",
    urgency: 6,
    load: () => ledgerCheckpoint(),
  },
  {
    id: "saved-views",
    roles: ["AUDITOR"],
    title: "Your saved explorer views",
    empty: "Save a view in the decision explorer to find it here.",
    urgency: 70,
    load: (u) => savedViews(u.id),
  },
  {
    id: "leaver-nhis",
    roles: ["MANAGER"],
    title: "Leavers' NHIs to take over",
    empty: "No NHIs of people who left are waiting for you.",
    urgency: 20,
    load: (u) => successionWaiting(u.actorId, "NHI"),
  },
  {
    id: "reports-expiring",
    roles: ["MANAGER"],
    title: "Your reports' access ending this week",
    empty: "None of your reports' access ends in the next 7 days.",
    urgency: 40,
    load: (u, now) => reportsExpiringAccess(u.actorId, now),
  },

  {
    id: "transfers",
    roles: ["SERVICE_OWNER"],
    title: "Hand-overs to accept",
    empty: "Nobody is handing you an identity right now.",
    urgency: 20,
    load: (u) => transfersToAccept(u.actorId),
  },
  {
    id: "rotations",
    roles: ["SERVICE_OWNER"],
    title: "Rotations overdue or due this week",
    empty: "All your NHIs' credentials are within their rotation period.",
    urgency: 10,
    load: (u, now) => rotationsDue(callerOf(u), now),
  },
  {
    id: "credentials-expiring",
    roles: ["SERVICE_OWNER"],
    title: "Credentials expiring in 30 days",
    empty: "No credential of yours expires in the next 30 days.",
    urgency: 30,
    load: (u, now) => credentialsExpiring(callerOf(u), now),
  },
  {
    id: "retirements",
    roles: ["SERVICE_OWNER"],
    title: "Retirements in progress",
    empty: "No retirement of yours is waiting for a step.",
    urgency: 50,
    load: (u) => retirementsInProgress(callerOf(u)),
  },

  {
    id: "agents-awaiting-sponsor",
    roles: ["AGENT_SPONSOR"],
    title: "Agents waiting for you to sponsor them",
    empty: "No suspended agent is waiting for you.",
    urgency: 20,
    load: (u) => successionWaiting(u.actorId, "AGENT"),
  },
  {
    id: "agents-past-attestation",
    roles: ["AGENT_SPONSOR"],
    title: "Agents past their attestation",
    empty: "Every agent you sponsor was attested within its interval.",
    urgency: 15,
    load: (u) => agentsPastAttestation(u),
  },
  {
    id: "campaigns-unresolved",
    roles: ["AUDITOR", "ADMIN"],
    title: "Campaigns closed with unresolved remediation",
    empty: "Every closed campaign's revokes were carried out.",
    urgency: 8,
    load: () => campaignsUnresolved(),
  },

  {
    id: "ledger-integrity",
    roles: ["AUDITOR"],
    title: "Ledger integrity",
    empty: "The newest ledger entries re-hash correctly.",
    urgency: 5,
    load: () => ledgerIntegrity(),
  },
  {
    id: "recent-denies",
    roles: ["AUDITOR"],
    title: "Denied decisions, last 24 hours",
    empty: "No decision was denied in the last 24 hours.",
    urgency: 30,
    load: () => recentDenies(),
  },
];

const ROLE_ORDER = ["MANAGER", "SERVICE_OWNER", "AGENT_SPONSOR", "AUDITOR", "ADMIN"] as const;

const firstRole = (c: WorkCardDef) => Math.min(...c.roles.map((r) => ROLE_ORDER.indexOf(r)));

/** The cards for this person's roles, each once, most urgent first. */
export function cardsFor(user: Pick<SessionUser, "roles">): WorkCardDef[] {
  return WORK_CARDS.filter((c) => c.roles.some((r) => user.roles.includes(r))).sort(
    (a, b) => a.urgency - b.urgency || firstRole(a) - firstRole(b),
  );
}
