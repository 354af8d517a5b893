import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { createCheckpoint } from "../../../lib/ledger/checkpoint";
import { exportLedger } from "../../../lib/ledger/export";
import { emit, options, required, UsageError, type Command } from "../command";

const seqOption = (value: string | undefined, flag: string): bigint | undefined => {
  if (value === undefined) return undefined;
  if (!/^\d{1,18}$/.test(value) || BigInt(value) < 1n)
    throw new UsageError(`--${flag} must be a sequence number ≥ 1`);
  return BigInt(value);
};

const command: Command = {
  name: "ledger-export",
  summary:
    "write a slice of the ledger as JSON Lines with its checkpoints and public keys (--out FILE [--from SEQ] [--to SEQ]); without --to it signs the head first, so the whole slice is covered. Check it anywhere with `node scripts/verify-ledger-export.mjs FILE`",
  async run(args) {
    const { values } = options(args, {
      from: { type: "string" },
      to: { type: "string" },
      out: { type: "string" },
    });
    const out = required(values.out, "out");
    const from = seqOption(values.from, "from") ?? 1n;
    const to = seqOption(values.to, "to");
    if (to !== undefined && to < from) throw new UsageError("--to must not be before --from");
    if (to === undefined) {
      const signed = await createCheckpoint();
      if (!signed.ok)
        throw new UsageError(
          `the ledger is broken at #${signed.firstBreak.seq} (${signed.firstBreak.reason}); not exporting`,
        );
    }
    const stream = createWriteStream(out, { encoding: "utf8" });
    const summary = await exportLedger(from, to, async (line) => {
      if (!stream.write(`${line}\n`)) await once(stream, "drain");
    });
    stream.end();
    await once(stream, "finish");
    emit({
      EXPORT_FILE: out,
      FROM: summary.from.toString(),
      TO: summary.to.toString(),
      ENTRIES: summary.entries,
      CHECKPOINTS: summary.checkpoints,
    });
  },
};

export default command;
