"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/result";
import { ledgerActorOf } from "@/lib/auth/session";
import { appendLedger } from "@/lib/ledger/append";
import { createCheckpoint } from "@/lib/ledger/checkpoint";
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
      checkpoints: result.checkpoints,
      millis: Date.now() - started,
    };
    await db.$transaction((tx) =>
      appendLedger(tx, {
        actor: ledgerActorOf(user),
        action: "audit.ledger_verified",
        target: target("ledger"),
        details: outcome,
      }),
    );
    return outcome;
  },
});

/**
 * Signs the ledger's head now (after verifying the entries since the last checkpoint), the same
 * as the periodic "ledger.checkpoint" job. Recorded in the ledger after the checkpoint it made.
 */
export const checkpointLedgerAction = defineAction({
  schema: z.object({}),
  permission: "audit:verify",
  async run(_input, user) {
    const outcome = await createCheckpoint();
    const result = outcome.ok
      ? {
          ok: true as const,
          seq: outcome.checkpoint?.seq.toString() ?? null,
          at: outcome.checkpoint?.at.toISOString() ?? null,
          keyId: outcome.checkpoint?.keyId ?? null,
          created: outcome.created,
          verified: outcome.verified,
        }
      : {
          ok: false as const,
          firstBreakSeq: outcome.firstBreak.seq.toString(),
          reason: outcome.firstBreak.reason,
          verified: outcome.verified,
        };
    await db.$transaction((tx) =>
      appendLedger(tx, {
        actor: ledgerActorOf(user),
        action: "audit.ledger_checkpointed",
        target: "ledger",
        details: result,
      }),
    );
    revalidatePath("/audit");
    return result;
  },
});
