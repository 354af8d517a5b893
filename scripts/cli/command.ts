import { parseArgs } from "node:util";
import type { Caller } from "../../lib/actions/caller";

export type Command = { name: string; summary: string; usage?: string; run(args: string[]): Promise<void> };

export class UsageError extends Error {}

/** Named options of a command (`--email a@b --role ADMIN --role AUDITOR`). */
export function options<T extends Record<string, { type: "string" | "boolean"; multiple?: boolean }>>(
  args: string[],
  spec: T,
) {
  try {
    return parseArgs({ args, options: spec, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`--${flag} is required`);
  return value;
}

/** Output that scripts read: one KEY=value line each. */
export function emit(values: Record<string, string | number | boolean>): void {
  for (const [key, value] of Object.entries(values)) console.log(`${key}=${value}`);
}

export const OPERATOR = { id: "cli", kind: "SYSTEM" as const, name: "operator CLI" };
/** The operator at the terminal, as the first argument of a mutation: a security admin's reach. */
export const OPERATOR_CALLER: Caller = { ledger: OPERATOR, userId: null, actorId: null, isAdmin: true };
