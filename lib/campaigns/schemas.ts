import { isStorableDate, storableDateInput } from "@/lib/db/storable";
import { z } from "zod";

// A campaign definition's settings are data: scope, reviewers, stages with outcome rules,
// dates and the deadline rule. They are frozen onto each launched run (Campaign.settings).

export const CAMPAIGN_KINDS = ["MANAGER_ACCESS", "RESOURCE_OWNER", "NHI_OWNERSHIP", "AGENT_TOOLS"] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

export const KIND_LABELS: Record<CampaignKind, string> = {
  MANAGER_ACCESS: "Human access, reviewed by managers",
  RESOURCE_OWNER: "Entitlement review by resource owners",
  NHI_OWNERSHIP: "NHI ownership attestation by owners",
  AGENT_TOOLS: "Agent tool permissions, reviewed by sponsors",
};

/** Each kind is a (type, reviewer strategy) pair of the Campaign model. */
export const KIND_SHAPE = {
  MANAGER_ACCESS: { type: "HUMAN_ACCESS", strategy: "MANAGER" },
  RESOURCE_OWNER: { type: "HUMAN_ACCESS", strategy: "RESOURCE_OWNER" },
  NHI_OWNERSHIP: { type: "NHI_OWNERSHIP", strategy: "NHI_OWNER" },
  AGENT_TOOLS: { type: "AGENT_PERMISSIONS", strategy: "SPONSOR" },
} as const satisfies Record<CampaignKind, { type: string; strategy: string }>;

export const OUTCOME_RULES = ["ONE_ACCEPT", "ALL_ACCEPT", "ONE_DENY", "NOT_DENIED"] as const;
export type OutcomeRule = (typeof OUTCOME_RULES)[number];
export const OUTCOME_RULE_LABELS: Record<OutcomeRule, string> = {
  ONE_ACCEPT: "One accept accepts",
  ALL_ACCEPT: "All must accept",
  ONE_DENY: "One deny denies",
  NOT_DENIED: "Accepted if not denied",
};

export const STAGE_REVIEWERS = ["STRATEGY", "STRATEGY_AND_ADDITIONAL", "ADDITIONAL", "FALLBACK"] as const;
export const NO_REVIEWER_ACTIONS = ["FALLBACK", "SKIP"] as const;
export const DEADLINE_ACTIONS = ["KEEP", "KEEP_AND_ESCALATE", "REVOKE", "QUARANTINE"] as const;
export type DeadlineAction = (typeof DEADLINE_ACTIONS)[number];
export const DEADLINE_LABELS: Record<DeadlineAction, string> = {
  KEEP: "Keep the access",
  KEEP_AND_ESCALATE: "Keep and escalate to the fallback reviewer",
  REVOKE: "Revoke after the grace period",
  QUARANTINE: "Quarantine (suspend) after the grace period",
};
export const RECURRENCES = ["NONE", "MONTHLY", "QUARTERLY", "SEMIANNUAL", "ANNUAL"] as const;

export const stageSchema = z.object({
  reviewers: z.enum(STAGE_REVIEWERS),
  rule: z.enum(OUTCOME_RULES),
  /** What happens when this stage finds no reviewer (separate from silence at the deadline). */
  onNoReviewer: z.enum(NO_REVIEWER_ACTIONS).default("FALLBACK"),
});
export type Stage = z.infer<typeof stageSchema>;

export const scopeSchema = z.object({
  departments: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  platforms: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  resourceIds: z.array(z.uuid()).max(50).default([]),
  privilegedOnly: z.boolean().default(false),
  kinds: z
    .array(z.enum(["HUMAN", "NHI", "AGENT"]))
    .max(3)
    .default([]),
  /** Only access not certified (or NHIs/agents not attested) in this many days. */
  notReviewedDays: z.number().int().min(1).max(3650).nullable().default(null),
});

export const settingsSchema = z.object({
  kind: z.enum(CAMPAIGN_KINDS),
  scope: scopeSchema,
  fallbackReviewerId: z.uuid({ message: "Choose a fallback reviewer." }),
  additionalReviewerId: z.uuid().nullable().default(null),
  stages: z
    .array(stageSchema)
    .min(1, "A campaign has one to three stages.")
    .max(3, "A campaign has one to three stages."),
  startsAt: storableDateInput(),
  dueAt: storableDateInput(),
  /** Reminders this many days before the due date, only to reviewers with undecided items. */
  reminderDays: z.array(z.number().int().min(0).max(90)).max(5).default([]),
  /** Escalation to the fallback reviewer this many days after the due date per level. */
  escalationDays: z.array(z.number().int().min(0).max(90)).max(3).default([]),
  deadline: z.object({ action: z.enum(DEADLINE_ACTIONS), graceDays: z.number().int().min(0).max(90) }),
  recurrence: z.enum(RECURRENCES).default("NONE"),
  /** Select-all in the reviewer queue skips privileged items (each needs a deliberate click). */
  noBulkPrivileged: z.boolean().default(true),
});
export type CampaignSettings = z.infer<typeof settingsSchema>;

/** Per-kind defaults, shown on /campaigns/new and editable there. */
export function defaultsFor(
  kind: CampaignKind,
  now = new Date(),
): Omit<CampaignSettings, "fallbackReviewerId"> {
  const startsAt = now;
  const dueAt = new Date(now.getTime() + 14 * 86_400_000);
  const base = {
    kind,
    scope: scopeSchema.parse({}),
    additionalReviewerId: null,
    startsAt,
    dueAt,
    reminderDays: [7, 2],
    escalationDays: [1],
    recurrence: "QUARTERLY" as const,
    noBulkPrivileged: true,
  };
  switch (kind) {
    case "MANAGER_ACCESS":
    case "RESOURCE_OWNER":
      return {
        ...base,
        scope: { ...base.scope, kinds: ["HUMAN"] },
        stages: [{ reviewers: "STRATEGY", rule: "ONE_ACCEPT", onNoReviewer: "FALLBACK" }],
        deadline: { action: "KEEP_AND_ESCALATE", graceDays: 0 },
      };
    case "NHI_OWNERSHIP":
      return {
        ...base,
        scope: { ...base.scope, kinds: ["NHI"] },
        stages: [{ reviewers: "STRATEGY", rule: "ALL_ACCEPT", onNoReviewer: "FALLBACK" }],
        deadline: { action: "QUARANTINE", graceDays: 7 },
      };
    case "AGENT_TOOLS":
      return {
        ...base,
        scope: { ...base.scope, kinds: ["AGENT"] },
        stages: [{ reviewers: "STRATEGY", rule: "ONE_DENY", onNoReviewer: "FALLBACK" }],
        deadline: { action: "REVOKE", graceDays: 7 },
      };
  }
}

export const definitionInputSchema = z
  .object({
    name: z.string().trim().min(3, "Name must be at least 3 characters.").max(200),
    settings: settingsSchema,
  })
  .superRefine((v, ctx) => {
    if (v.settings.dueAt <= v.settings.startsAt)
      ctx.addIssue({
        code: "custom",
        path: ["settings", "dueAt"],
        message: "The due date must be after the start date.",
      });
    if (v.settings.additionalReviewerId && v.settings.additionalReviewerId === v.settings.fallbackReviewerId)
      ctx.addIssue({
        code: "custom",
        path: ["settings", "additionalReviewerId"],
        message: "The additional reviewer must differ from the fallback reviewer.",
      });
  });

export const REVIEW_DECISIONS = ["ACCEPT", "REVOKE", "REDUCE", "ESCALATE", "DELEGATE"] as const;
export type ReviewDecisionInput = (typeof REVIEW_DECISIONS)[number];

const reason = z.string().trim().min(3, "Give a reason of at least 3 characters.").max(2000);

export const decideSchema = z
  .object({
    itemIds: z
      .array(z.uuid())
      .min(1, "Select at least one item.")
      .max(1000, "Decide at most 1,000 items at once."),
    decision: z.enum(REVIEW_DECISIONS),
    reason,
    /** When the reviewer's queue was shown (ms since epoch): the start of the decision latency. */
    shownAt: z.coerce
      .number()
      .int()
      .positive()
      .refine((n) => isStorableDate(new Date(n)), "Reload the queue.")
      .optional(),
    /** REDUCE: the smaller entitlement on the same resource that replaces the grant. */
    replacementEntitlementId: z.uuid().optional(),
    /** DELEGATE: the person who reviews instead. */
    delegateToId: z.uuid().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.decision === "REDUCE" && !v.replacementEntitlementId)
      ctx.addIssue({
        code: "custom",
        path: ["replacementEntitlementId"],
        message: "Choose the smaller entitlement that replaces this access.",
      });
    if (v.decision === "DELEGATE" && !v.delegateToId)
      ctx.addIssue({ code: "custom", path: ["delegateToId"], message: "Choose whom to delegate to." });
  });
export type DecideInput = z.infer<typeof decideSchema>;

export const closeSchema = z.object({ campaignId: z.uuid() });
export const completeSchema = z.object({
  campaignId: z.uuid(),
  riskAcceptedReason: z.string().trim().max(2000).optional(),
});
export const remediationSchema = z.object({
  itemId: z.uuid(),
  state: z.enum(["APPLIED", "FAILED"]),
  note: z.string().trim().max(2000).optional(),
});

export type GuardHit = {
  actorId: string;
  actorName: string;
  grantId: string | null;
  guard: "LAST_PRIVILEGED_HOLDER" | "BREAK_GLASS" | "LAST_CONSOLE_ADMIN";
  detail: string;
};

export const GUARD_TEXT: Record<GuardHit["guard"], string> = {
  LAST_PRIVILEGED_HOLDER: "last holder of an admin entitlement",
  BREAK_GLASS: "break-glass account",
  LAST_CONSOLE_ADMIN: "last console admin",
};
