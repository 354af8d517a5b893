"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { parseInput, toActionError, formToObject } from "@/lib/actions/result";
import { authenticate } from "./login";
import { confirmEnrolment } from "./mfa";
import { enrolmentSchema, loginSchema, safeCallbackUrl } from "./schemas";
import { issueTicket, readTicket } from "./tickets";
import { signIn, signOut } from "./config";
import { getSessionUser } from "./session";
import { closeConsoleSession } from "./sessions";

export type LoginState = { error?: string; fieldErrors?: Record<string, string[]>; needCode?: boolean } | null;

import { ENROL_COOKIE } from "./enrolment-cookie";

export async function loginAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  let target: string;
  try {
    const input = parseInput(loginSchema, formToObject(form));
    const result = await authenticate({ ...input, userAgent: (await headers()).get("user-agent") });
    if (result.status === "refused") return { error: result.message, needCode: Boolean(input.code) };
    if (result.status === "code_required") return { needCode: true };
    if (result.status === "enrol_required") {
      (await cookies()).set(ENROL_COOKIE, result.ticket, { httpOnly: true, sameSite: "strict", path: "/mfa", maxAge: 600 });
      redirect("/mfa/enrol");
    }
    target = safeCallbackUrl(input.callbackUrl);
    const ticket = await issueTicket(result.userId, "login");
    // signIn answers with a redirect (thrown); it must escape this try via toActionError.
    await signIn("credentials", { ticket, redirectTo: target });
    return null;
  } catch (error) {
    const failed = toActionError(error);
    return failed.ok ? null : { error: failed.error, fieldErrors: failed.fieldErrors };
  }
}

export type EnrolState = { error?: string; recoveryCodes?: string[] } | null;

export async function confirmEnrolmentAction(_prev: EnrolState, form: FormData): Promise<EnrolState> {
  try {
    const { code } = parseInput(enrolmentSchema, formToObject(form));
    const store = await cookies();
    const userId = await readTicket(store.get(ENROL_COOKIE)?.value ?? "", "mfa-enrol");
    if (!userId) return { error: "This set-up link has expired. Sign in again to restart it." };
    const recoveryCodes = await confirmEnrolment(userId, code);
    store.delete({ name: ENROL_COOKIE, path: "/mfa" });
    return { recoveryCodes };
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
