// Every job Triad runs, named once. Areas add their task here and its handler in
// lib/jobs/tasks.ts; scheduleJob() only accepts these names.
export const JOB_NAMES = [
  "ownership.housekeeping", // succession sweep, rotation reminders, signing-key rotation
  "ownership.succession", // the faster leaver sweep
  "webhooks.deliver",
  "decisions.partitions", // next months' decision-record partitions
] as const;

export type JobName = (typeof JOB_NAMES)[number];
