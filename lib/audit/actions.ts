"use server";

import { z } from "zod";
import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/result";
import { ledgerActorOf } from "@/lib/auth/session";
import { appendLedger } from "@/lib/ledger/append";
import { target } from "@/lib/ledger/actions";
import { verifyLedger } from "@/lib/ledger/verify";

const seq = z
  .string()
  .trim()
  .regex(/^\d{0,18}$/, "A sequence number is a whole number")
  .transform((s) => (s ? BigInt(s) : undefined));

/** Recomputes the hash chain (whole or a range) and records that the check was made, and its result. */
export const verifyLedgerAction = defineAction({
  schema: z.object({ from: seq.optional(), to: seq.optional() }),
  permission: "audit:verify",
  async run({ from, to }, user) {
    const started = Date.now();
    const result = await verifyLedger(from ?? 1n, to);
    const outcome = {
      ok: result.ok,
      checked: result.checked,
      from: (from ?? 1n).toString(),
      to: to?.toString() ?? null,
      firstBreakSeq: result.firstBreak?.seq.toString() ?? null,
      reason: result.firstBreak?.reason ?? null,
      millis: Date.now() - started,
    };
    await db.$transaction((tx) => appendLedger(tx, { actor: ledgerActorOf(user), action: "audit.ledger_verified", target: target("ledger"), details: outcome }));
    return outcome;
  },
});
