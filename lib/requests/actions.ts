"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/result";
import { ledgerActorOf } from "@/lib/auth/session";
import { releaseGrant, revokeGrant } from "@/lib/grants/revoke";
import { setSuspended } from "@/lib/suspension/mutations";
import { breakGlass, ratifyBreakGlass } from "./break-glass";
import { cancelRequest } from "./cancel";
import { decideRequest } from "./decide";
import { submitRequest } from "./submit";
import {
  breakGlassSchema,
  cancelRequestSchema,
  decideRequestSchema,
  ratifySchema,
  releaseGrantSchema,
  revokeGrantSchema,
  suspendActorSchema,
  newRequestSchema,
} from "./schemas";

const refresh = () => revalidatePath("/", "layout");

export const submitRequestAction = defineAction({
  schema: newRequestSchema,
  permission: "requests:create",
  run: async (input, user) => {
    const out = await submitRequest(user, input);
    refresh();
    return out;
  },
});

export const decideRequestAction = defineAction({
  schema: decideRequestSchema,
  permission: "requests:approve",
  run: async (input, user) => {
    const out = await decideRequest(user, input);
    refresh();
    return out;
  },
});

export const cancelRequestAction = defineAction({
  schema: cancelRequestSchema,
  // Withdrawing is part of asking: whoever may request may cancel, and only their own (the
  // requester is in the write's `where`).
  permission: "requests:create",
  run: async (input, user) => {
    await cancelRequest(user, input);
    refresh();
  },
});

export const breakGlassAction = defineAction({
  schema: breakGlassSchema,
  // Emergency access skips approval: only security admins (on call) may use it, and another
  // admin must ratify it.
  permission: "requests:break_glass",
  run: async (input, user) => {
    const out = await breakGlass(user, input);
    refresh();
    return { requestId: out.requestId };
  },
});

export const ratifyBreakGlassAction = defineAction({
  schema: ratifySchema,
  permission: "settings:manage",
  run: async (input, user) => {
    await ratifyBreakGlass(user, input);
    refresh();
  },
});

export const revokeGrantAction = defineAction({
  schema: revokeGrantSchema,
  permission: "inventory:write",
  run: async (input, user) => {
    await revokeGrant({ ledger: ledgerActorOf(user), actorId: user.actorId }, input);
    refresh();
  },
});

export const releaseGrantAction = defineAction({
  schema: releaseGrantSchema,
  permission: "requests:create",
  run: async (input, user) => {
    await releaseGrant({ ledger: ledgerActorOf(user), actorId: user.actorId }, input);
    refresh();
  },
});

export const suspendActorAction = defineAction({
  schema: suspendActorSchema,
  permission: "inventory:write",
  run: async (input, user) => {
    await setSuspended(ledgerActorOf(user), input);
    refresh();
  },
});
