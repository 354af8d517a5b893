// Every job Triad runs, named once. Areas add their task here and its handler in
// lib/jobs/tasks.ts; scheduleJob() only accepts these names.
export const JOB_NAMES = [
  "ownership.housekeeping", // succession sweep, rotation reminders, signing-key rotation
  "ownership.succession", // the faster leaver sweep
  "webhooks.deliver",
  "grants.expire", // one per time-bound grant, keyed grantExpiryJobKey(id)
  "grants.sweep", // reconciliation: ends any ACTIVE grant past its expiry that the timer missed
  "requests.deadline", // a request's stage deadline: escalate once, then expire
  "breakglass.deadline", // an unratified break-glass grant is revoked at its deadline
] as const;

export type JobName = (typeof JOB_NAMES)[number];
