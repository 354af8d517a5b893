import { db } from "@/lib/db";
import { open } from "@/lib/crypto/secret-box";
import { checkTotp } from "@/lib/auth/totp";
import { Forbidden, Invalid, NotFound } from "@/lib/errors";
import { appendLedger } from "@/lib/ledger/append";
import { decideProposal } from "./mutations";
import type { DecideProposalInput } from "./schemas";

/**
 * The operator CLI's way to decide a proposal as a named person (for demos and break-glass):
 * the same object-level check and the same TOTP step-up as the console, with a code the person
 * gives. The code is accepted once (its time step must be newer than the last one used).
 */
export async function decideProposalAs(
  email: string,
  code: string,
  input: Omit<DecideProposalInput, "stepUpCode">,
): Promise<{ status: "APPROVED" | "REJECTED"; approver: string }> {
  const user = await db.user.findUnique({
    where: { email: email.toLowerCase() },
    select: {
      id: true,
      name: true,
      actorId: true,
      disabledAt: true,
      totpSecretEnc: true,
      mfaEnabledAt: true,
      totpLastStep: true,
    },
  });
  if (!user || user.disabledAt) throw new NotFound(`No active console user ${email}.`);
  if (!user.actorId) throw new Forbidden(`${email} is not linked to a person and decides no proposals.`);
  if (!user.totpSecretEnc || !user.mfaEnabledAt)
    throw new Invalid(`${email} has no authenticator set up; a decision needs a step-up code.`);
  const step = checkTotp(open(user.totpSecretEnc), code.replace(/\s+/g, ""), user.totpLastStep);
  const at = new Date();
  const { count } =
    step === null
      ? { count: 0 }
      : await db.user.updateMany({
          where: { id: user.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
          data: { totpLastStep: step },
        });
  if (count !== 1) throw new Invalid("That code is not valid. Wait for the next code and try again.");
  const ledger = { id: user.id, kind: "USER" as const, name: user.name };
  await db.$transaction((tx) =>
    appendLedger(tx, {
      actor: ledger,
      action: "auth.step_up",
      target: `user:${user.id}`,
      details: { via: "cli" },
    }),
  );
  const out = await decideProposal({ actorId: user.actorId, ledger }, { ...input }, at);
  return { ...out, approver: user.name };
}
