import { verifyLedger } from "../../../lib/ledger/verify";
import { emit, options, type Command } from "../command";

const command: Command = {
  name: "ledger-verify",
  summary: "recompute the ledger's hash chain and report the first broken link ([--from SEQ] [--to SEQ]); exits 1 when broken",
  async run(args) {
    const { values } = options(args, { from: { type: "string" }, to: { type: "string" } });
    const result = await verifyLedger(values.from ? BigInt(values.from) : 1n, values.to ? BigInt(values.to) : undefined);
    emit({ LEDGER_OK: result.ok, CHECKED: result.checked });
    if (result.firstBreak) {
      emit({ FIRST_BREAK_SEQ: result.firstBreak.seq.toString(), REASON: result.firstBreak.reason });
      process.exitCode = 1;
    }
  },
};

export default command;
