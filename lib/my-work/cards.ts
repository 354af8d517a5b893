import type { SessionUser } from "@/lib/auth/session";
import { callerOf } from "@/lib/ownership/caller";
import { ledgerIntegrity, recentDenies } from "./audit";
import {
  agentsAwaitingSponsor,
  credentialsExpiring,
  retirementsInProgress,
  rotationsDue,
  transfersToAccept,
} from "./owners";
import { leaversNhisToTakeOver, reportsExpiringAccess } from "./people";
import type { WorkCardDef } from "./types";

/**
 * Every "My work" card, each loaded by the same query as the queue it links to. A person sees
 * the cards of each role they hold, most urgent first (by `urgency`, then role order).
 */
export const WORK_CARDS: readonly WorkCardDef[] = [
  {
    id: "leaver-nhis",
    role: "MANAGER",
    title: "Leavers' NHIs to take over",
    empty: "No NHIs of people who left are waiting for you.",
    urgency: 20,
    load: (u) => leaversNhisToTakeOver(u.actorId),
  },
  {
    id: "reports-expiring",
    role: "MANAGER",
    title: "Your reports' access ending this week",
    empty: "None of your reports' access ends in the next 7 days.",
    urgency: 40,
    load: (u, now) => reportsExpiringAccess(u.actorId, now),
  },

  {
    id: "transfers",
    role: "SERVICE_OWNER",
    title: "Hand-overs to accept",
    empty: "Nobody is handing you an identity right now.",
    urgency: 20,
    load: (u) => transfersToAccept(u.actorId),
  },
  {
    id: "rotations",
    role: "SERVICE_OWNER",
    title: "Rotations overdue or due this week",
    empty: "All your NHIs' credentials are within their rotation period.",
    urgency: 10,
    load: (u, now) => rotationsDue(callerOf(u), now),
  },
  {
    id: "credentials-expiring",
    role: "SERVICE_OWNER",
    title: "Credentials expiring in 30 days",
    empty: "No credential of yours expires in the next 30 days.",
    urgency: 30,
    load: (u, now) => credentialsExpiring(callerOf(u), now),
  },
  {
    id: "retirements",
    role: "SERVICE_OWNER",
    title: "Retirements in progress",
    empty: "No retirement of yours is waiting for a step.",
    urgency: 50,
    load: (u) => retirementsInProgress(callerOf(u)),
  },

  {
    id: "agents-awaiting-sponsor",
    role: "AGENT_SPONSOR",
    title: "Agents waiting for you to sponsor them",
    empty: "No suspended agent is waiting for you.",
    urgency: 20,
    load: (u) => agentsAwaitingSponsor(u.actorId),
  },

  {
    id: "ledger-integrity",
    role: "AUDITOR",
    title: "Ledger integrity",
    empty: "The newest ledger entries re-hash correctly.",
    urgency: 5,
    load: () => ledgerIntegrity(),
  },
  {
    id: "recent-denies",
    role: "AUDITOR",
    title: "Denied decisions, last 24 hours",
    empty: "No decision was denied in the last 24 hours.",
    urgency: 30,
    load: (_u, now) => recentDenies(now),
  },
];

const ROLE_ORDER = ["MANAGER", "SERVICE_OWNER", "AGENT_SPONSOR", "AUDITOR", "ADMIN"] as const;

/** The cards for this person's roles, most urgent first. */
export function cardsFor(user: Pick<SessionUser, "roles">): WorkCardDef[] {
  return WORK_CARDS.filter((c) => user.roles.includes(c.role)).sort(
    (a, b) => a.urgency - b.urgency || ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role),
  );
}
