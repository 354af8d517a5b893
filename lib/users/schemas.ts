import { z } from "zod";
import { ROLE_PERMISSIONS } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";

export const ROLES = Object.keys(ROLE_PERMISSIONS) as [Role, ...Role[]];

export const createUserSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  name: z.string().trim().min(1, "Enter a name").max(120),
  roles: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(ROLES)).min(1, "Pick at least one role"),
  ),
});
export type CreateUser = z.infer<typeof createUserSchema>;

export const userIdSchema = z.object({ userId: z.string().uuid("Unknown user") });
export const resetMfaSchema = userIdSchema.extend({
  reason: z.string().trim().min(3, "Say why (at least 3 characters)").max(500),
});

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password").max(1024),
    newPassword: z.string().min(12, "At least 12 characters").max(1024, "At most 1,024 characters"),
    confirmPassword: z.string().max(1024),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    message: "The two new passwords differ",
    path: ["confirmPassword"],
  });
