"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/result";
import { ledgerActorOf } from "@/lib/auth/session";
import { replayDecision } from "@/lib/explorer/replay";
import { deleteView, saveView } from "@/lib/explorer/views";

export const saveViewAction = defineAction({
  schema: z.object({ name: z.string().trim().min(1, "Name the view").max(80), query: z.string().max(4000) }),
  permission: "decisions:read",
  async run({ name, query }, user) {
    const view = await saveView(user.id, name, query, ledgerActorOf(user));
    revalidatePath("/decisions");
    return view;
  },
});

export const deleteViewAction = defineAction({
  schema: z.object({ id: z.string().uuid() }),
  permission: "decisions:read",
  async run({ id }, user) {
    await deleteView(user.id, id, ledgerActorOf(user));
    revalidatePath("/decisions");
    return { id };
  },
});

export const replayDecisionAction = defineAction({
  schema: z.object({
    seq: z.string().regex(/^\d{1,18}$/),
    against: z.union([z.literal("active"), z.string().uuid()]),
  }),
  permission: "decisions:read",
  run: ({ seq, against }, user) =>
    replayDecision(
      BigInt(seq),
      against === "active" ? "active" : { draftVersionId: against },
      ledgerActorOf(user),
    ),
});
