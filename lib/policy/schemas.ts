import { z } from "zod";

export const policyTextSchema = z.string().max(200_000, "Policy text is limited to 200,000 characters");

export const createPolicySetSchema = z.object({
  name: z.string().trim().min(2, "Name the policy set (at least 2 characters)").max(80),
  description: z.string().trim().max(500).optional(),
  text: policyTextSchema.default(""),
});

export const saveDraftSchema = z.object({
  policySetId: z.uuid(),
  text: policyTextSchema,
  comment: z.string().trim().max(300).optional(),
});

const entityRef = z.object({
  type: z.string().min(1).max(64),
  id: z.string().min(1).max(512),
  properties: z.record(z.string(), z.unknown()).optional(),
});
export const testRequestSchema = z.object({
  subject: entityRef,
  action: z.object({ name: z.string().min(1).max(128) }),
  resource: entityRef,
  context: z.record(z.string(), z.unknown()).optional(),
});

export const addTestCaseSchema = z.object({
  policySetId: z.uuid(),
  name: z.string().trim().min(2, "Name the test case").max(120),
  request: z.union([testRequestSchema, z.string()]).transform((v, ctx) => {
    if (typeof v !== "string") return v;
    try {
      const parsed = testRequestSchema.safeParse(JSON.parse(v));
      if (parsed.success) return parsed.data;
      ctx.addIssue({
        code: "custom",
        message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      });
    } catch {
      ctx.addIssue({ code: "custom", message: "request is not valid JSON" });
    }
    return z.NEVER;
  }),
  expected: z.enum(["ALLOW", "DENY"]),
});

export const versionIdSchema = z.object({ versionId: z.uuid() });
export const testCaseIdSchema = z.object({ testCaseId: z.uuid() });
