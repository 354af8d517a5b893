"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/result";
import { callerOf } from "@/lib/actions/caller";
import { resetMfa } from "@/lib/auth/mfa";
import { createUser, setUserDisabled, unlockUser } from "./mutations";
import { changePasswordSchema, createUserSchema, resetMfaSchema, userIdSchema } from "./schemas";
import { changeOwnPassword, resetUserPassword } from "./password";

export const createUserAction = defineAction({
  schema: createUserSchema,
  permission: "users:manage",
  async run(input, user) {
    const created = await createUser(callerOf(user), input);
    revalidatePath("/settings/users");
    return created;
  },
});

export const unlockUserAction = defineAction({
  schema: userIdSchema,
  permission: "users:manage",
  async run({ userId }, user) {
    await unlockUser(callerOf(user), { userId });
    revalidatePath("/settings/users");
  },
});

export const resetUserMfaAction = defineAction({
  schema: resetMfaSchema,
  permission: "users:manage",
  async run({ userId, reason }, user) {
    await resetMfa(callerOf(user), { userId, reason });
    revalidatePath("/settings/users");
  },
});

export const disableUserAction = defineAction({
  schema: userIdSchema,
  permission: "users:manage",
  async run({ userId }, user) {
    await setUserDisabled(callerOf(user), { userId, disabled: true });
    revalidatePath("/settings/users");
  },
});

export const enableUserAction = defineAction({
  schema: userIdSchema,
  permission: "users:manage",
  async run({ userId }, user) {
    await setUserDisabled(callerOf(user), { userId, disabled: false });
    revalidatePath("/settings/users");
  },
});

export const resetUserPasswordAction = defineAction({
  schema: userIdSchema,
  permission: "users:manage",
  async run({ userId }, user) {
    const reset = await resetUserPassword(callerOf(user), { userId });
    revalidatePath("/settings/users");
    return reset;
  },
});

/** Any signed-in user, also one holding a one-time password (account:manage is exempt from that gate). */
export const changePasswordAction = defineAction({
  schema: changePasswordSchema,
  permission: "account:manage",
  async run({ currentPassword, newPassword }, user) {
    await changeOwnPassword(user, currentPassword, newPassword);
    revalidatePath("/", "layout");
  },
});
