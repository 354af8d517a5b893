// Every job Triad runs, named once. Areas add their task here and its handler in
// lib/jobs/tasks.ts; scheduleJob() only accepts these names.
export const JOB_NAMES = [
  "ownership.housekeeping", // succession sweep, rotation reminders, signing-key rotation
  "ownership.succession", // the faster leaver sweep
  "webhooks.deliver",
  "campaigns.remind", // reviewers with undecided items, before the due date
  "campaigns.escalate", // overdue reviewers, to the fallback reviewer
  "campaigns.deadline", // closes the campaign and applies its deadline rule
  "campaigns.recur", // launches the next run of a recurring definition
  "campaigns.newcomer", // a new NHI owner's or agent sponsor's review of what they took over (key per identity)
  "proposals.expire", // one agent proposal left unanswered (payload { id })
  "agents.session-sweep", // ends agent sessions whose task time is over
  "auth.refusals_flush", // folded unauthenticated refusals → one ledger entry per window; limiter rows cleaned
  "ledger.checkpoint", // sign the ledger's head (lib/ledger/checkpoint.ts)
  "ledger.outbox", // chain bulk changes' queued ledger entries (lib/ledger/outbox.ts)
  "decisions.partitions", // next months' decision-record partitions
  "decisions.rollup", // fold closed days of the hourly decision roll-up into the daily one
  "decisions.use", // fold new decision records into who-used-what (lib/explorer/access-use.ts)
  "grants.expire", // one per time-bound grant, keyed grantExpiryJobKey(id)
  "grants.sweep", // reconciliation: ends any ACTIVE grant past its expiry that the timer missed
  "requests.deadline", // a request's stage deadline: escalate once, then expire
  "breakglass.deadline", // an unratified break-glass grant is revoked at its deadline
] as const;

export type JobName = (typeof JOB_NAMES)[number];
