import { z } from "zod";

export const JOB_STATES = ["failed", "pending", "running"] as const;
export type JobState = (typeof JOB_STATES)[number];

/** The jobs page's URL: which state, and the keyset cursor (the last job id shown). */
export const jobListSchema = z.object({
  state: z.enum(JOB_STATES).catch("failed"),
  after: z.coerce.bigint().positive().optional().catch(undefined),
});
export type JobList = z.infer<typeof jobListSchema>;

/** Retry or delete: failed jobs only, chosen by id. */
export const jobIdsSchema = z.object({
  ids: z.preprocess(
    (v) => (Array.isArray(v) ? v : v === undefined ? [] : [v]),
    z.array(z.coerce.bigint().positive()).min(1, "Choose at least one job.").max(500),
  ),
});
export type JobIds = z.infer<typeof jobIdsSchema>;
