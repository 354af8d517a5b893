import { encode } from "next-auth/jwt";
import { env } from "@/lib/env";
import { openConsoleSession } from "@/lib/auth/sessions";

// Every exported server action (every `*Action` in lib/**/actions.ts), found automatically, and a
// real signed-in session to call them with. Test files using these mock next/headers and
// next/cache themselves, with ./next-request and ./next-cache (vi.mock is hoisted per file).

export type Action = ((input: unknown) => Promise<unknown>) & { permission?: string };
export type Result = { ok: boolean; error?: string };

/** Reached before any session exists (sign-in itself), or ending one's own session. */
export const PUBLIC_ACTIONS = new Set(["loginAction", "confirmEnrolmentAction", "signOutAction"]);

const modules = import.meta.glob("../../lib/**/actions.ts");

export async function discoverActions(): Promise<Array<{ name: string; file: string; action: Action }>> {
  const out: Array<{ name: string; file: string; action: Action }> = [];
  for (const [file, load] of Object.entries(modules)) {
    const mod = (await load()) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (name.endsWith("Action") && typeof value === "function")
        out.push({ name, file, action: value as Action });
    }
  }
  return out;
}

/** A real ConsoleSession row behind a real Auth.js session cookie. */
export async function sessionCookie(userId: string): Promise<string> {
  const sid = await openConsoleSession(userId, 3600, new Date());
  const name = "authjs.session-token";
  const value = await encode({
    token: { sub: userId, sid },
    secret: env().AUTH_SECRET!,
    salt: name,
    maxAge: 3600,
  });
  return `${name}=${value}`;
}

export async function callAction(action: Action, input: unknown = {}): Promise<Result> {
  try {
    return (await action(input)) as Result;
  } catch (error) {
    // A redirect or notFound() thrown through the action: it was allowed to run.
    return { ok: false, error: `thrown: ${(error as Error).message}` };
  }
}
