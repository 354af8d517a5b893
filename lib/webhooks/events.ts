/** Events Triad can send; an endpoint subscribes to some of them, or to "*". */
export const WEBHOOK_EVENTS = [
  "rotation.due",
  "rotation.overdue",
  "nhi.claimed",
  "nhi.claim_requested",
  "nhi.orphaned",
  "ownership.transfer_requested",
  "ownership.transferred",
  "nhi.retired",
  "agent.suspended",
  "request.created",
  "request.approved",
  "request.denied",
  "request.expired",
  "request.cancelled",
  "grant.revoked",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
