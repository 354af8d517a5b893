import { isUuid } from "@/lib/ids";
import { z } from "zod";

// OpenID AuthZEN Authorization API 1.0 request shapes (subject / action / resource / context).

const props = z.record(z.string(), z.unknown());
export const subjectSchema = z.object({
  type: z.string().min(1).max(64),
  id: z.string().min(1).max(512),
  properties: props.optional(),
});
export const actionSchema = z.object({ name: z.string().min(1).max(128), properties: props.optional() });
const resourceSchema = subjectSchema;
export const contextSchema = props;

export const evaluationSchema = z.object({
  subject: subjectSchema,
  action: actionSchema,
  resource: resourceSchema,
  context: contextSchema.optional(),
});
export type Evaluation = z.infer<typeof evaluationSchema>;

export const SEMANTICS = ["execute_all", "deny_on_first_deny", "permit_on_first_permit"] as const;

export const MAX_BATCH = 100;
export const evaluationsSchema = z.object({
  subject: subjectSchema.optional(),
  action: actionSchema.optional(),
  resource: resourceSchema.optional(),
  context: contextSchema.optional(),
  evaluations: z
    .array(
      z.object({
        subject: subjectSchema.optional(),
        action: actionSchema.optional(),
        resource: resourceSchema.optional(),
        context: contextSchema.optional(),
      }),
    )
    .max(MAX_BATCH, `at most ${MAX_BATCH} evaluations per request`)
    .optional(),
  options: z
    .object({ evaluations_semantic: z.enum(SEMANTICS).optional() })
    .loose()
    .optional(),
});
export type Evaluations = z.infer<typeof evaluationsSchema>;

const pageSchema = z
  .object({
    // The token is the last id scanned (a uuid) or empty: anything else would reach PostgreSQL as
    // a uuid it cannot parse and fail the search, so it is refused here with a 400.
    token: z
      .union([z.literal(""), z.string().refine(isUuid)], {
        message: "pass back the next_token of the previous page unchanged",
      })
      .optional(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .optional();
const typeOnly = z.object({ type: z.string().min(1).max(64), properties: props.optional() });
export const searchSubjectSchema = z.object({
  subject: typeOnly,
  action: actionSchema,
  resource: resourceSchema,
  context: contextSchema.optional(),
  page: pageSchema,
});
export const searchResourceSchema = z.object({
  subject: subjectSchema,
  action: actionSchema,
  resource: typeOnly,
  context: contextSchema.optional(),
  page: pageSchema,
});
export const searchActionSchema = z.object({
  subject: subjectSchema,
  resource: resourceSchema,
  context: contextSchema.optional(),
  page: pageSchema,
});
