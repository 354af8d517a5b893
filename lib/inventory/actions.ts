"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/result";
import { ledgerActorOf } from "@/lib/auth/session";
import { entitlementSettingsSchema } from "./entitlement-settings-schema";
import { updateEntitlementSettings } from "./entitlement-settings";

export const updateEntitlementSettingsAction = defineAction({
  schema: entitlementSettingsSchema,
  // An entitlement is inventory: the permission that revokes grants and suspends identities.
  permission: "inventory:write",
  run: async (input, user) => {
    const out = await updateEntitlementSettings(ledgerActorOf(user), input);
    revalidatePath(`/entitlements/${input.entitlementId}`);
    return out;
  },
});
