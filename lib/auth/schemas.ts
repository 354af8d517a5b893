import { z } from "zod";

export const loginSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  password: z.string().min(1, "Enter your password").max(1024),
  callbackUrl: z.string().max(512).optional(),
});

export const secondFactorSchema = z.object({
  ticket: z.string().min(1).max(2048),
  code: z.string().trim().min(6, "Enter the 6-digit code or a recovery code").max(32),
  callbackUrl: z.string().max(512).optional(),
});

export const enrolmentSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "Enter the 6-digit code from your app"),
});

/** Only same-site paths: an open redirect after sign-in would be a phishing aid. */
export function safeCallbackUrl(url: string | undefined): string {
  if (!url || !url.startsWith("/") || url.startsWith("//") || url.startsWith("/\\")) return "/";
  return url;
}
