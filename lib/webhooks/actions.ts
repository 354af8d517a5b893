"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/result";
import { callerOf } from "@/lib/ownership/caller";
import { createWebhookEndpoint, deleteWebhookEndpoint, sendTestWebhook, setWebhookActive } from "./endpoints";
import { endpointIdSchema, endpointSchema } from "./schemas";

const refresh = () => revalidatePath("/settings/webhooks");

export const createWebhookAction = defineAction({
  schema: endpointSchema,
  permission: "settings:manage",
  run: async (input, user) => {
    const out = await createWebhookEndpoint(callerOf(user), input);
    refresh();
    return out;
  },
});

export const toggleWebhookAction = defineAction({
  schema: z.object({ id: z.uuid(), active: z.enum(["true", "false"]).transform((v) => v === "true") }),
  permission: "settings:manage",
  run: async (input, user) => {
    await setWebhookActive(callerOf(user), input.id, input.active);
    refresh();
  },
});

export const deleteWebhookAction = defineAction({
  schema: endpointIdSchema,
  permission: "settings:manage",
  run: async (input, user) => {
    await deleteWebhookEndpoint(callerOf(user), input.id);
    refresh();
  },
});

export const testWebhookAction = defineAction({
  schema: endpointIdSchema,
  permission: "settings:manage",
  run: async (input, user) => {
    await sendTestWebhook(callerOf(user), input.id);
    refresh();
  },
});
