"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/result";
import { NotFound } from "@/lib/errors";
import { callerOf } from "./caller";
import { claimIdentities, decideClaim } from "./claims";
import { addCoOwner, decideTransfer, removeCoOwner, requestTransfer } from "./transfers";
import { acceptSuccession, offboardOwner } from "./succession";
import { findPersonByEmail } from "./queries";
import { acceptSuccessionSchema, claimSchema, decideClaimSchema, decideTransferSchema } from "./schemas";

const refresh = () => revalidatePath("/ownership", "layout");

export const claimNhisAction = defineAction({
  schema: claimSchema,
  permission: "ownership:claim",
  run: async (input, user) => {
    const out = await claimIdentities(callerOf(user), input);
    refresh();
    return out;
  },
});

export const decideClaimAction = defineAction({
  schema: decideClaimSchema,
  permission: "ownership:approve",
  run: async (input, user) => {
    const out = await decideClaim(callerOf(user), input);
    refresh();
    return out;
  },
});

const transferFormSchema = z
  .object({
    actorId: z.uuid({ message: "Choose what to hand over." }),
    toEmail: z
      .string()
      .trim()
      .max(320)
      .optional()
      .transform((v) => v || undefined)
      .pipe(z.email("Enter the receiver's work email.").optional()),
    toTeamId: z
      .uuid()
      .optional()
      .or(z.literal("").transform(() => undefined)),
    reason: z.string().trim().min(5, "Reason must be at least 5 characters.").max(2000),
  })
  .refine((v) => Boolean(v.toEmail) !== Boolean(v.toTeamId), {
    path: ["toEmail"],
    message: "Enter a person's email or choose a team (one of the two).",
  });

export const requestTransferAction = defineAction({
  schema: transferFormSchema,
  permission: "ownership:transfer",
  run: async (input, user) => {
    let toId: string | undefined;
    if (input.toEmail) {
      const person = await findPersonByEmail(input.toEmail);
      if (!person) throw new NotFound(`No person with the email ${input.toEmail} is in the inventory.`);
      toId = person.actorId;
    }
    const out = await requestTransfer(callerOf(user), {
      actorId: input.actorId,
      toId,
      toTeamId: input.toTeamId,
      reason: input.reason,
    });
    refresh();
    return out;
  },
});

export const decideTransferAction = defineAction({
  schema: decideTransferSchema,
  permission: "ownership:transfer",
  run: async (input, user) => {
    const out = await decideTransfer(callerOf(user), input);
    refresh();
    return out;
  },
});

export const acceptSuccessionAction = defineAction({
  schema: acceptSuccessionSchema,
  permission: "ownership:transfer",
  run: async (input, user) => {
    const out = await acceptSuccession(callerOf(user), input.actorIds);
    refresh();
    return out;
  },
});

const coOwnerFormSchema = z.object({ actorId: z.uuid(), email: z.email("Enter the co-owner's work email.") });

export const addCoOwnerAction = defineAction({
  schema: coOwnerFormSchema,
  permission: "ownership:transfer",
  run: async (input, user) => {
    const person = await findPersonByEmail(input.email);
    if (!person) throw new NotFound(`No person with the email ${input.email} is in the inventory.`);
    await addCoOwner(callerOf(user), { actorId: input.actorId, ownerId: person.actorId });
    refresh();
  },
});

export const removeCoOwnerAction = defineAction({
  schema: z.object({ actorId: z.uuid(), ownerId: z.uuid() }),
  permission: "ownership:transfer",
  run: async (input, user) => {
    await removeCoOwner(callerOf(user), input);
    refresh();
  },
});

const offboardFormSchema = z.object({
  email: z.email("Enter the person's work email."),
  reason: z.string().trim().min(5, "Reason must be at least 5 characters.").max(2000),
});

export const offboardOwnerAction = defineAction({
  schema: offboardFormSchema,
  permission: "ownership:approve",
  run: async (input, user) => {
    const person = await findPersonByEmail(input.email);
    if (!person) throw new NotFound(`No person with the email ${input.email} is in the inventory.`);
    const out = await offboardOwner(callerOf(user), person.actorId, input.reason);
    refresh();
    return out;
  },
});

/** An admin confirms a suggested owner: the suggestion becomes a hand-over the person must accept. */
export const proposeOwnerAction = defineAction({
  schema: z.object({ actorId: z.uuid(), personId: z.uuid(), evidence: z.string().trim().min(3).max(300) }),
  permission: "ownership:approve",
  run: async (input, user) => {
    const out = await requestTransfer(callerOf(user), {
      actorId: input.actorId,
      toId: input.personId,
      reason: `Suggested owner (${input.evidence}), confirmed by ${user.name}`,
    });
    refresh();
    return out;
  },
});
