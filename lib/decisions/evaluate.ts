import { decide, type CedarCall, type DecideOptions, type Outcome } from "@/lib/enforcement/decide";
import { getActivePolicySet } from "@/lib/policy/active";
import { countSessionCall } from "@/lib/enforcement/agent/session";
import { decisionWriter, type GroupCommit } from "./group-commit";
import { decisionDraft } from "./projection";
import { decisionEvent, type Caller } from "./record";
import type { TraceIds } from "./trace";
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
  options: { console?: DecideOptions["console"]; now?: Date; trace?: TraceIds | null } = {},
): Promise<LoggedDecision> {
  const set = await getActivePolicySet();
  const capture: CedarCall[] = [];
  const outcome = await decide(req, { set, capture, console: options.console, now: options.now });
  const logged = withoutApprovalCredential(req);
  const seq = await writer.append({
    event: decisionEvent(caller, logged, outcome, set),
    decision: decisionDraft(caller, logged, outcome, capture, options.trace ?? null),
    proposal: outcome.proposal,
  });
  if (outcome.session) countSessionCall(outcome.session.id, seq === null || outcome.decision === "deny");
  if (seq === null) {
    return {
      ...outcome,
      decision: "deny",
      reason: "decision could not be recorded; denied (fail closed)",
      proposal: undefined,
      seq: null,
    };
  }
  return { ...outcome, seq };
}

/**
 * An approval credential is a bearer secret: the ledger and the decision record keep which
 * proposal it redeemed (outcome.approval), never the credential itself.
 */
function withoutApprovalCredential(req: Evaluation): Evaluation {
  if (!req.context || !("approval" in req.context)) return req;
  return { ...req, context: { ...req.context, approval: "[redacted]" } };
}
