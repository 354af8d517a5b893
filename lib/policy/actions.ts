"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/result";
import { callerOf } from "@/lib/actions/caller";
import type { Prisma } from "@/lib/generated/prisma/client";
import { formatPolicyText, validatePolicyText } from "./compile";
import { activateVersion, addTestCase, createPolicySet, deleteTestCase, saveDraft } from "./mutations";
import {
  addTestCaseSchema,
  createPolicySetSchema,
  policyTextSchema,
  saveDraftSchema,
  testCaseIdSchema,
  versionIdSchema,
} from "./schemas";
import { runPolicyTests } from "./testing";

const textOnly = z.object({ text: policyTextSchema });

export const validatePolicyAction = defineAction({
  schema: textOnly,
  permission: "policy:read",
  run: async ({ text }) => validatePolicyText(text),
});

export const formatPolicyAction = defineAction({
  schema: textOnly,
  permission: "policy:write",
  run: async ({ text }) => formatPolicyText(text),
});

export const createPolicySetAction = defineAction({
  schema: createPolicySetSchema,
  permission: "policy:write",
  run: async (input, user) => {
    const created = await createPolicySet(callerOf(user), input);
    revalidatePath("/policies");
    return created;
  },
});

export const saveDraftAction = defineAction({
  schema: saveDraftSchema,
  permission: "policy:write",
  run: async (input, user) => {
    const saved = await saveDraft(callerOf(user), input);
    revalidatePath(`/policies/${input.policySetId}`);
    return saved;
  },
});

export const addTestCaseAction = defineAction({
  schema: addTestCaseSchema,
  permission: "policy:write",
  run: async (input, user) => {
    const t = await addTestCase(callerOf(user), {
      ...input,
      request: input.request as Prisma.InputJsonObject,
    });
    revalidatePath(`/policies/${input.policySetId}`);
    return t;
  },
});

export const deleteTestCaseAction = defineAction({
  schema: testCaseIdSchema,
  permission: "policy:write",
  run: async (input, user) => {
    await deleteTestCase(callerOf(user), input);
    revalidatePath("/policies", "layout");
  },
});

export const runTestsAction = defineAction({
  schema: versionIdSchema,
  permission: "policy:read",
  run: async ({ versionId }) => runPolicyTests(versionId),
});

export const activateVersionAction = defineAction({
  schema: versionIdSchema,
  permission: "policy:activate",
  run: async (input, user) => {
    const result = await activateVersion(callerOf(user), input);
    revalidatePath("/policies", "layout");
    return result;
  },
});
