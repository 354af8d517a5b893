"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/result";
import { callerOf } from "@/lib/ownership/caller";
import { claimIdentities } from "@/lib/ownership/claims";
import { completeRetirementStep, startRetirement } from "@/lib/retirement/mutations";
import { completeStepSchema, startRetirementSchema } from "@/lib/retirement/schemas";
import { registerAgent, setAgentStatus, updateAgent } from "./mutations";
import { killSession } from "./sessions";
import { giveConsent, revokeConsent } from "./consents";
import {
  agentFormSchema,
  agentStatusSchema,
  consentSchema,
  editAgentSchema,
  killSessionSchema,
  revokeConsentSchema,
} from "./schemas";

export const registerAgentAction = defineAction({
  schema: agentFormSchema,
  permission: "agents:sponsor",
  run: async (input, user) => {
    const out = await registerAgent(callerOf(user), input);
    revalidatePath("/agents");
    return out;
  },
});

export const updateAgentAction = defineAction({
  schema: editAgentSchema,
  permission: "agents:sponsor",
  run: async (input, user) => {
    const out = await updateAgent(callerOf(user), input);
    revalidatePath(`/agents/${input.agentId}/edit`);
    return out;
  },
});

export const setAgentStatusAction = defineAction({
  schema: agentStatusSchema,
  permission: "agents:sponsor",
  run: async (input, user) => {
    await setAgentStatus(callerOf(user), input);
    revalidatePath(`/agents/${input.agentId}/edit`);
  },
});

/** Sponsoring an unsponsored agent: a claim a security admin approves (as in Ownership). */
export const claimAgentAction = defineAction({
  schema: z.object({
    agentId: z.uuid({ message: "Not a valid id." }),
    justification: z
      .string()
      .trim()
      .min(10, "Say why you will sponsor it (at least 10 characters).")
      .max(2000),
  }),
  permission: "agents:sponsor",
  run: async (input, user) => {
    const out = await claimIdentities(callerOf(user), {
      actorIds: [input.agentId],
      justification: input.justification,
    });
    revalidatePath("/agents");
    return out;
  },
});

export const startAgentRetirementAction = defineAction({
  schema: startRetirementSchema,
  permission: "agents:sponsor",
  run: async (input, user) => {
    await startRetirement(callerOf(user), input);
    revalidatePath(`/agents/${input.actorId}/edit`);
  },
});

export const completeAgentRetirementStepAction = defineAction({
  schema: completeStepSchema,
  permission: "agents:sponsor",
  run: async (input, user) => {
    const out = await completeRetirementStep(callerOf(user), input);
    revalidatePath(`/agents/${input.actorId}/edit`);
    return out;
  },
});

export const killSessionAction = defineAction({
  schema: killSessionSchema,
  permission: "agents:sponsor",
  run: async (input, user) => {
    const out = await killSession(callerOf(user), input.sessionId, input.reason);
    revalidatePath("/agents/sessions");
    return out;
  },
});

// Consent is every person's own: any signed-in user linked to a person gives or withdraws it.
export const giveConsentAction = defineAction({
  schema: consentSchema,
  permission: "dashboard:view",
  run: async (input, user) => {
    const out = await giveConsent(
      { actorId: user.actorId, ledger: { id: user.id, kind: "USER", name: user.name } },
      input,
    );
    revalidatePath("/agents/consents");
    return {
      consentId: out.consentId,
      delegationToken: out.delegationToken,
      expiresAt: out.expiresAt.toISOString(),
    };
  },
});

export const revokeConsentAction = defineAction({
  schema: revokeConsentSchema,
  permission: "dashboard:view",
  run: async (input, user) => {
    const out = await revokeConsent(
      { actorId: user.actorId, ledger: { id: user.id, kind: "USER", name: user.name } },
      input.consentId,
    );
    revalidatePath("/agents/consents");
    return out;
  },
});
