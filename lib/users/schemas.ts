import { z } from "zod";
import { ROLE_PERMISSIONS } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";

export const ROLES = Object.keys(ROLE_PERMISSIONS) as [Role, ...Role[]];

export const createUserSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  name: z.string().trim().min(1, "Enter a name").max(120),
  roles: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(ROLES)).min(1, "Pick at least one role")),
});
export type CreateUser = z.infer<typeof createUserSchema>;

export const userIdSchema = z.object({ userId: z.string().uuid("Unknown user") });
export const resetMfaSchema = userIdSchema.extend({ reason: z.string().trim().min(3, "Say why (at least 3 characters)").max(500) });
