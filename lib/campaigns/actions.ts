"use server";

import { storableDateInput } from "@/lib/db/storable";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/result";
import { callerOf } from "./caller";
import { createDefinition, launchCampaign, nextDatesOf, previewCampaign } from "./generate";
import { decideItems } from "./decide";
import { closeCampaign, completeCampaign } from "./close";
import { rerunCampaign } from "./rerun";
import { confirmRemediation } from "./confirm";
import {
  closeSchema,
  completeSchema,
  decideSchema,
  definitionInputSchema,
  remediationSchema,
  settingsSchema,
} from "./schemas";

export const previewCampaignAction = defineAction({
  schema: settingsSchema,
  permission: "campaigns:manage",
  run: (settings) => previewCampaign(settings),
});

/** Saves the definition and launches its first run in one step (the form's "Launch"). */
export const launchCampaignAction = defineAction({
  schema: definitionInputSchema,
  permission: "campaigns:manage",
  run: async (input, user) => {
    const caller = callerOf(user);
    const def = await createDefinition(caller, input);
    const out = await launchCampaign(caller, def.id);
    revalidatePath("/campaigns");
    return out;
  },
});

export const launchDefinitionAction = defineAction({
  schema: z.object({ definitionId: z.uuid() }),
  permission: "campaigns:manage",
  run: async (input, user) => {
    const out = await launchCampaign(
      callerOf(user),
      input.definitionId,
      new Date(),
      await nextDatesOf(input.definitionId),
    );
    revalidatePath("/campaigns");
    return out;
  },
});

export const decideItemsAction = defineAction({
  schema: decideSchema,
  permission: "campaigns:review",
  run: async (input, user) => {
    const out = await decideItems(callerOf(user), input);
    revalidatePath("/reviews");
    return out;
  },
});

export const closeCampaignAction = defineAction({
  schema: closeSchema,
  permission: "campaigns:manage",
  run: async (input, user) => {
    const out = await closeCampaign(callerOf(user).ledger, input.campaignId);
    revalidatePath(`/campaigns/${input.campaignId}`);
    return out;
  },
});

export const completeCampaignAction = defineAction({
  schema: completeSchema,
  permission: "campaigns:manage",
  run: async (input, user) => {
    const out = await completeCampaign(callerOf(user), input);
    revalidatePath(`/campaigns/${input.campaignId}`);
    return out;
  },
});

export const rerunCampaignAction = defineAction({
  schema: z.object({
    campaignId: z.uuid(),
    dueAt: storableDateInput("Choose a due date."),
  }),
  permission: "campaigns:manage",
  run: async (input, user) => {
    const out = await rerunCampaign(callerOf(user), input);
    revalidatePath("/campaigns");
    return out;
  },
});

export const confirmRemediationAction = defineAction({
  schema: remediationSchema,
  permission: "campaigns:review",
  run: async (input, user) => {
    const out = await confirmRemediation(callerOf(user), input);
    revalidatePath("/campaigns", "layout");
    return out;
  },
});
