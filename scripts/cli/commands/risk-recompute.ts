import { db } from "../../../lib/db";
import { recomputeRisk } from "../../../lib/risk/recompute";
import { emit, options, UsageError, type Command } from "../command";

// Recomputes Actor.riskScore for every actor (or one kind), in id-ordered batches.
const command: Command = {
  name: "risk-recompute",
  summary: "recompute every actor's risk score (--kind HUMAN|NHI|AGENT to limit)",
  async run(args) {
    const { values } = options(args, { kind: { type: "string" } });
    const kind = values.kind?.toUpperCase();
    if (kind && !["HUMAN", "NHI", "AGENT"].includes(kind))
      throw new UsageError("--kind must be HUMAN, NHI or AGENT");
    const started = Date.now();
    let last: string | undefined;
    let checked = 0;
    let changed = 0;
    for (;;) {
      const batch = await db.actor.findMany({
        where: {
          ...(kind ? { kind: kind as "HUMAN" | "NHI" | "AGENT" } : {}),
          ...(last ? { id: { gt: last } } : {}),
        },
        orderBy: { id: "asc" },
        take: 5000,
        select: { id: true },
      });
      if (!batch.length) break;
      changed += await recomputeRisk(
        db,
        batch.map((b) => b.id),
      );
      checked += batch.length;
      last = batch[batch.length - 1].id;
    }
    emit({ CHECKED: checked, CHANGED: changed, SECONDS: ((Date.now() - started) / 1000).toFixed(1) });
  },
};

export default command;
