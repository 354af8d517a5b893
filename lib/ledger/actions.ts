/**
 * Every action the ledger records, in one list. `LedgerEvent.action` only accepts these, so a
 * new kind of entry starts here, and the audit page's area filter (the part before the dot)
 * follows automatically. Keep one action per line, in its area's group: parallel branches then
 * merge by concatenation.
 */
export const LEDGER_ACTIONS = [
  // auth: console sign-in, MFA and step-up
  "auth.login",
  "auth.login_failed",
  "auth.login_refused_locked",
  "auth.locked_out",
  "auth.logout",
  "auth.mfa_enrolled",
  "auth.mfa_enrolment_required",
  "auth.mfa_reset",
  "auth.step_up",
  "auth.refusals_folded",
  "auth.refused",

  // user: console accounts
  "user.created",
  "user.disabled",
  "user.enabled",
  "user.unlocked",
  "user.disable_refused",
  "user.password_changed",
  "user.password_reset",

  // actor: the inventory of humans, NHIs and agents
  "actor.deprovisioned",
  "actor.imported",
  "actor.leaver_flagged",
  "actor.provisioned",
  "actor.reactivated",
  "actor.reprovisioned",
  "actor.updated",
  "actor.quarantined",
  "actor.reinstated",
  "actor.suspended",

  // entitlement: an entitlement's request settings
  "entitlement.settings_changed",

  // team
  "team.created",
  "team.deprovisioned",
  "team.provisioned",
  "team.updated",

  // nhi: ownership claims, rotation and retirement of non-human identities
  "nhi.claim_approved",
  "nhi.claim_rejected",
  "nhi.claim_requested",
  "nhi.claimed",
  "nhi.flagged",
  "nhi.orphaned",
  "nhi.owner_accepted",
  "nhi.retired",
  "nhi.retirement_started",
  "nhi.retirement_step_completed",
  "nhi.rotated",

  // agent
  "agent.flagged",
  "agent.sponsor_accepted",
  "agent.suspended",
  "agent.registered",
  "agent.resumed",
  "agent.updated",

  // ownership: transfers, co-owners and succession
  "ownership.co_owner_added",
  "ownership.co_owner_removed",
  "ownership.succession_applied",
  "ownership.transfer_cancelled",
  "ownership.transfer_declined",
  "ownership.transfer_requested",
  "ownership.transferred",

  // rotation: policies and reminders
  "rotation.policy_deleted",
  "rotation.policy_set",
  "rotation.reminded",

  // grant
  "grant.expired",
  "grant.imported",
  "grant.revoked",
  "grant.updated",
  "grant.created",
  "grant.extended",
  "grant.sweep_completed",

  // token: short-lived tokens for NHIs and agents, and their signing keys
  "token.issued",
  "token.refused",
  "token.revoked",
  "token.exchanged",
  "signing_key.rotated",

  // policy
  "policy.activated",
  "policy.created",
  "policy.drafted",
  "policy.retired",
  "policy.test_added",
  "policy.test_removed",

  // decision: the decision API and the explorer
  "decision.evaluated",
  "decision.searched",
  "decision.exported",
  "decision.replayed",
  "decision.view_saved",
  "decision.view_deleted",
  "decision.partition_sealed",

  // api_client and scim_token: machine callers
  "api_client.created",
  "api_client.revoked",
  "scim_token.created",
  "scim_token.revoked",

  // import and inventory exports
  "import.completed",
  "inventory.exported",

  // audit: the auditor's own reads and checks
  "audit.exported",
  "audit.evidence_exported",
  "audit.ledger_verified",
  "audit.access_queried",
  "audit.ledger_checkpointed",

  // webhook
  "webhook.created",
  "webhook.deleted",
  "webhook.disabled",
  "webhook.enabled",

  // agent_consent
  "agent_consent.given",
  "agent_consent.revoked",

  // agent_proposal
  "agent_proposal.approval_refused",
  "agent_proposal.approved",
  "agent_proposal.created",
  "agent_proposal.credential_collected",
  "agent_proposal.expired",
  "agent_proposal.rejected",

  // agent_session
  "agent_session.expired",
  "agent_session.opened",
  "agent_session.refused",
  "agent_session.renewed",
  "agent_session.ended",
  "agent_session.killed",

  // campaign
  "campaign.closed",
  "campaign.completed",
  "campaign.launched",
  "campaign.rerun",

  // job
  "job.deleted",
  "job.retried",

  // mcp
  "mcp.call_refused",

  // review
  "review.decided",
  "review.remediation_confirmed",

  // request: access requests, approvals and break-glass
  "request.approval_given",
  "request.approval_refused",
  "request.approved",
  "request.break_glass",
  "request.break_glass_lapsed",
  "request.break_glass_ratified",
  "request.cancelled",
  "request.created",
  "request.denied",
  "request.escalated",
  "request.expired",

  // seed data and benchmarks
  "seed.loaded",
  "bench.appended",
] as const;

/**
 * A ledger action. `test.*` is left open for test files only (they tag their entries with unique
 * names); no application code writes it.
 */
export type LedgerAction = (typeof LEDGER_ACTIONS)[number] | `test.${string}`;

type AreaOf<A> = A extends `${infer P}.${string}` ? P : never;
export type LedgerArea = AreaOf<(typeof LEDGER_ACTIONS)[number]>;

/** The areas, in list order: the prefix of every action. */
export const LEDGER_ACTION_AREAS = [
  ...new Set(LEDGER_ACTIONS.map((a) => a.slice(0, a.indexOf(".")) as LedgerArea)),
];

export function isLedgerActionName(value: string): value is (typeof LEDGER_ACTIONS)[number] {
  return (LEDGER_ACTIONS as readonly string[]).includes(value);
}

/** What a ledger entry is about: `kind:id` (or the bare kind for the ledger itself). */
export const LEDGER_TARGET_KINDS = [
  "user",
  "actor",
  "team",
  "grant",
  "entitlement",
  "policy",
  "decision",
  "api_client",
  "scim_token",
  "signing_key",
  "token",
  "rotation_policy",
  "webhook",
  "import",
  "inventory",
  "explorer_view",
  "ledger",
] as const;
export type LedgerTargetKind = (typeof LEDGER_TARGET_KINDS)[number];

/** Builds a ledger target, so every entry about one thing carries the same string: `target("grant", id)`. */
export function target(kind: LedgerTargetKind, id?: string | number | bigint): string {
  return id === undefined ? kind : `${kind}:${id}`;
}
