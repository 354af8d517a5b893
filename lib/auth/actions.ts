"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { parseInput, toActionError, formToObject } from "@/lib/actions/result";
import { authenticate, completeSecondFactor } from "./login";
import { confirmEnrolment } from "./mfa";
import { enrolmentSchema, loginSchema, safeCallbackUrl, secondFactorSchema } from "./schemas";
import { issueTicket, readTicket } from "./tickets";
import { signIn, signOut } from "./config";
import { getSessionUser } from "./session";
import { closeConsoleSession } from "./sessions";
import { sourceOfHeaders } from "./rate-limit";

export type LoginState = {
  error?: string;
  fieldErrors?: Record<string, string[]>;
  email?: string;
  secondFactorTicket?: string;
} | null;

import { ENROL_COOKIE } from "./enrolment-cookie";

export async function loginAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  const fields = formToObject(form);
  const email = typeof fields.email === "string" ? fields.email : undefined;
  try {
    if (typeof fields.ticket === "string") {
      const input = parseInput(secondFactorSchema, fields);
      const result = await completeSecondFactor(input.ticket, input.code);
      if (result.status !== "ok")
        return {
          email,
          error: result.status === "refused" ? result.message : undefined,
          secondFactorTicket: input.ticket,
        };
      return await startSession(result.userId, input.callbackUrl, true);
    }
    const input = parseInput(loginSchema, fields);
    const h = await headers();
    const result = await authenticate({
      ...input,
      userAgent: h.get("user-agent"),
      source: sourceOfHeaders(h),
    });
    if (result.status === "refused") return { email, error: result.message };
    if (result.status === "code_required") return { email, secondFactorTicket: result.ticket };
    if (result.status === "enrol_required") {
      (await cookies()).set(ENROL_COOKIE, result.ticket, {
        httpOnly: true,
        sameSite: "strict",
        path: "/mfa",
        maxAge: 600,
      });
      redirect("/mfa/enrol");
    }
    return await startSession(result.userId, input.callbackUrl, false);
  } catch (error) {
    // Redirects (after sign-in, to enrolment) are rethrown by toActionError.
    const failed = toActionError(error);
    return failed.ok ? null : { email, error: failed.error, fieldErrors: failed.fieldErrors };
  }
}

async function startSession(
  userId: string,
  callbackUrl: string | undefined,
  mfa: boolean,
): Promise<LoginState> {
  const ticket = await issueTicket(userId, "login", { mfa });
  await signIn("credentials", { ticket, redirectTo: safeCallbackUrl(callbackUrl) });
  return null;
}

export type EnrolState = { error?: string; recoveryCodes?: string[] } | null;

export async function confirmEnrolmentAction(_prev: EnrolState, form: FormData): Promise<EnrolState> {
  try {
    const { code } = parseInput(enrolmentSchema, formToObject(form));
    const userId = await readTicket((await cookies()).get(ENROL_COOKIE)?.value ?? "", "mfa-enrol");
    if (!userId) return { error: "This set-up link has expired. Sign in again to restart it." };
    // The cookie stays until it expires: the page re-renders after this action and must
    // still know whose enrolment it shows; it only ever allows enrolling a user without MFA.
    return { recoveryCodes: await confirmEnrolment(userId, code) };
  } catch (error) {
    const failed = toActionError(error);
    return failed.ok ? null : { error: failed.error };
  }
}

export async function signOutAction(): Promise<void> {
  const user = await getSessionUser();
  if (user) await closeConsoleSession(user.sessionId, user);
  await signOut({ redirectTo: "/login" });
}
