import {
  detachDecisionPartition,
  sealDecisionPartition,
  verifyDetachedPartition,
} from "../../../lib/explorer/partitions";
import { ownerDatabaseUrl } from "../../lib/runtime";
import { emit, options, OPERATOR, required, UsageError, type Command } from "../command";

// Retention of the decision store, as the tables' owner (the console's role owns no table, so
// it cannot detach a partition, nor read one once detached): seal a closed month, detach it for
// archiving, verify it against its seal (also after it was archived and loaded back).

const command: Command = {
  name: "decision-partition",
  summary:
    "retention of a closed month of decisions: seal | detach | verify --month YYYY-MM, as the tables' owner; verify exits 1 when it fails",
  async run(args) {
    const { values, positionals } = options(args, { month: { type: "string" } });
    const month = required(values.month, "month");
    const step = positionals[0];
    if (step === "seal") {
      const seal = await sealDecisionPartition(month, OPERATOR, ownerDatabaseUrl());
      emit({ SEALED: month, ROWS: seal.rows, SEAL_SEQ: seal.sealSeq, DIGEST: seal.digest });
    } else if (step === "detach") {
      emit({ DETACHED: await detachDecisionPartition(month, ownerDatabaseUrl()) });
    } else if (step === "verify") {
      const check = await verifyDetachedPartition(month, ownerDatabaseUrl());
      emit({ PARTITION_OK: check.ok, ROWS: check.rows, ...(check.reason ? { REASON: check.reason } : {}) });
      if (!check.ok) process.exitCode = 1;
    } else throw new UsageError("give a step: seal, detach or verify");
  },
};

export default command;
