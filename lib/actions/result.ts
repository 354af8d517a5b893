import { randomUUID } from "node:crypto";
import { isRedirectError } from "next/dist/client/components/redirect-error";
import { isHTTPAccessFallbackError } from "next/dist/client/components/http-access-fallback/http-access-fallback";
import { z } from "zod";
import { Invalid, fromDatabaseError, isDomainError } from "@/lib/errors";
import { assertCan, type SessionUser } from "@/lib/auth/session";
import { BodyError, PROTOTYPE_KEYS, checkJson } from "@/lib/http/body";
import type { Permission } from "@/lib/auth/permissions";

export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

/** Turns a thrown error into a result the form can show; unexpected errors get a request id. */
export function toActionError(error: unknown): ActionResult<never> {
  if (isRedirectError(error) || isHTTPAccessFallbackError(error)) throw error;
  if (error instanceof Invalid) return { ok: false, error: error.message, fieldErrors: error.fieldErrors };
  if (isDomainError(error)) return { ok: false, error: error.message };
  const known = fromDatabaseError(error);
  if (known) return { ok: false, error: known.message };
  const requestId = randomUUID().slice(0, 8);
  console.error(`[triad] request ${requestId} failed`, error);
  return {
    ok: false,
    error: `Something went wrong on our side (request ${requestId}). Nothing was changed.`,
  };
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  // Server actions take the same hostile input as the HTTP APIs: a client can post any value,
  // with lone surrogates (PostgreSQL would silently store U+FFFD) or prototype-named keys.
  try {
    checkJson(input, { forbiddenKeys: PROTOTYPE_KEYS });
  } catch (error) {
    if (error instanceof BodyError) throw new Invalid(error.message);
    throw error;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.join(".") || "_form";
      (fieldErrors[key] ??= []).push(issue.message);
    }
    throw new Invalid("Please correct the highlighted fields.", fieldErrors);
  }
  return parsed.data;
}

/** FormData → plain object; repeated keys become arrays. */
export function formToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const key of new Set(form.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const values = form.getAll(key);
    out[key] = values.length > 1 ? values : values[0];
  }
  return out;
}

/**
 * The path of every server action: session → permission → parse with zod → one lib call. The
 * permission is checked before the input is looked at, so a caller without it learns nothing
 * from validation messages (and tests/integration/authorization-matrix.test.ts can prove the
 * check for every action with any input). Returns a typed result instead of throwing, so forms
 * show errors and never a stack trace. The declared permission is readable on the action.
 */
export function defineAction<S extends z.ZodType, R>(options: {
  schema: S;
  permission: Permission;
  run: (input: z.infer<S>, user: SessionUser) => Promise<R>;
}): ((input: z.input<S> | FormData) => Promise<ActionResult<R>>) & { readonly permission: Permission } {
  const action = async (raw: z.input<S> | FormData): Promise<ActionResult<R>> => {
    try {
      const user = await assertCan(options.permission);
      const input = parseInput(options.schema, raw instanceof FormData ? formToObject(raw) : raw);
      return { ok: true, data: await options.run(input, user) };
    } catch (error) {
      return toActionError(error);
    }
  };
  return Object.assign(action, { permission: options.permission });
}
