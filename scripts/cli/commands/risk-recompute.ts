import { recomputeAllRisk } from "../../../lib/risk/recompute";
import { emit, options, UsageError, type Command } from "../command";

// Recomputes Actor.riskScore for every actor (or one kind), in id-ordered batches.
const command: Command = {
  name: "risk-recompute",
  summary: "recompute every actor's risk score (--kind HUMAN|NHI|AGENT to limit)",
  async run(args) {
    const { values } = options(args, { kind: { type: "string" } });
    const kind = values.kind?.toUpperCase();
    if (kind !== undefined && kind !== "HUMAN" && kind !== "NHI" && kind !== "AGENT")
      throw new UsageError("--kind must be HUMAN, NHI or AGENT");
    const started = Date.now();
    const { checked, changed } = await recomputeAllRisk(kind);
    emit({ CHECKED: checked, CHANGED: changed, SECONDS: ((Date.now() - started) / 1000).toFixed(1) });
  },
};

export default command;
