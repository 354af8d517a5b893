import { decide, type DecideOptions, type Outcome } from "@/lib/enforcement/decide";
import { getActivePolicySet } from "@/lib/policy/active";
import { decisionWriter, type GroupCommit } from "./group-commit";
import { decisionEvent, type Caller } from "./record";
import type { Evaluation } from "./schemas";

export type LoggedDecision = Outcome & { seq: bigint | null };

/**
 * Decide and log: the answer leaves only after its ledger entry commits. If the entry cannot
 * be written the answer is deny (fail closed) and no proposal is created. Console flows (e.g. an
 * access request asking the PDP) call it too, with `{ id: user.id, name, kind: "USER" }`, and keep
 * the returned `seq` and `versionHash` on their record.
 */
export async function evaluateAndLog(
  caller: Caller,
  req: Evaluation,
  writer: GroupCommit = decisionWriter(),
  options: { console?: DecideOptions["console"]; now?: Date } = {},
): Promise<LoggedDecision> {
  const set = await getActivePolicySet();
  const outcome = await decide(req, { set, ...options });
  const seq = await writer.append({ event: decisionEvent(caller, req, outcome, set), proposal: outcome.proposal });
  if (seq === null) {
    return { ...outcome, decision: "deny", reason: "decision could not be recorded; denied (fail closed)", proposal: undefined, seq: null };
  }
  return { ...outcome, seq };
}
