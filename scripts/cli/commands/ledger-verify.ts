import { verifyLedger } from "../../../lib/ledger/verify";
import { emit, options, type Command } from "../command";

const command: Command = {
  name: "ledger-verify",
  summary:
    "recompute the ledger's hash chain, check it against the signed checkpoints and report the first broken link ([--from SEQ] [--to SEQ]); exits 1 when broken",
  async run(args) {
    const { values } = options(args, { from: { type: "string" }, to: { type: "string" } });
    const cpu = process.cpuUsage();
    const result = await verifyLedger(
      values.from ? BigInt(values.from) : 1n,
      values.to ? BigInt(values.to) : undefined,
    );
    emit({
      LEDGER_OK: result.ok,
      CHECKED: result.checked,
      CHECKPOINTS: result.checkpoints,
      LAST_CHECKPOINT_SEQ: result.lastCheckpoint?.seq.toString() ?? "none",
      MILLIS: result.millis,
      THREADS: result.threads,
      ENTRIES_PER_S: Math.round((result.checked * 1000) / Math.max(result.millis, 1)),
      // Per second of this process's own CPU: what the figure would be on an idle core.
      ENTRIES_PER_CPU_S: Math.round(
        result.checked / Math.max((process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1e6, 1e-6),
      ),
    });
    if (result.firstBreak) {
      emit({ FIRST_BREAK_SEQ: result.firstBreak.seq.toString(), REASON: result.firstBreak.reason });
      process.exitCode = 1;
    }
  },
};

export default command;
