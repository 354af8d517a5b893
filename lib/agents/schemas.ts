import { storableDateInput } from "@/lib/db/storable";
import { z } from "zod";
import { parseBoundary } from "./boundary";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const agentFormSchema = z.object({
  name: z.string().trim().min(2, "Name the agent (at least 2 characters).").max(120),
  model: z.string().trim().min(1, "Which model does it run?").max(120),
  provider: z.string().trim().min(1, "Which provider?").max(120),
  runtime: z.string().trim().min(1, "Which runtime or framework runs it?").max(120),
  autonomy: z.enum(["SUGGEST_ONLY", "ACT_WITH_APPROVAL", "BOUNDED_AUTONOMY"], {
    message: "Choose an autonomy level.",
  }),
  onBehalfOf: z.enum(["NONE", "SPONSOR", "TEAM", "ANY_HUMAN"], { message: "Choose whom it may act for." }),
  /** Optional narrowing: only these people (emails, comma- or line-separated). */
  actFor: z.preprocess(blank, z.string().max(4000).optional()),
  boundary: z
    .string()
    .max(20_000)
    .default("")
    .transform((text, ctx) => {
      const r = parseBoundary(text);
      if (!r.ok) {
        ctx.addIssue({ code: "custom", message: r.error });
        return z.NEVER;
      }
      return r.entries;
    }),
  attestationDays: z.coerce
    .number()
    .int("Whole days.")
    .min(1, "At least 1 day.")
    .max(365, "At most 365 days."),
  maxSessionTtlMinutes: z.coerce.number().int().min(1).max(1440, "At most 24 hours.").default(60),
  expiresAt: z.preprocess(blank, storableDateInput("Not a date.").optional()),
  /** Admins only: register for another sponsor (email). */
  sponsorEmail: z.preprocess(blank, z.email("Not an email.").optional()),
});
export type AgentForm = z.infer<typeof agentFormSchema>;

export const editAgentSchema = agentFormSchema
  .omit({ sponsorEmail: true })
  .extend({ agentId: z.uuid({ message: "Not a valid id." }) });
export type EditAgentInput = z.infer<typeof editAgentSchema>;

export const agentStatusSchema = z.object({
  agentId: z.uuid({ message: "Not a valid id." }),
  status: z.enum(["ACTIVE", "SUSPENDED"]),
  reason: z.string().trim().min(5, "Say why (at least 5 characters).").max(500),
});

export const killSessionSchema = z.object({
  sessionId: z.uuid({ message: "Not a valid id." }),
  reason: z.string().trim().max(500).default("killed from the console"),
});

export const consentSchema = z.object({
  agentId: z.uuid({ message: "Choose an agent." }),
  purpose: z.string().trim().min(5, "Say what it may do for you (at least 5 characters).").max(500),
  scopes: z.preprocess(blank, z.string().max(1000).optional()),
  minutes: z.coerce
    .number()
    .int()
    .min(5, "At least 5 minutes.")
    .max(7 * 24 * 60, "At most 7 days."),
});

export const revokeConsentSchema = z.object({ consentId: z.uuid({ message: "Not a valid id." }) });
