import { createCheckpoint } from "../../../lib/ledger/checkpoint";
import { emit, type Command } from "../command";

const command: Command = {
  name: "ledger-checkpoint",
  summary:
    "verify the entries since the last checkpoint, then sign the ledger's head (Ed25519); exits 1 when the chain is broken",
  async run() {
    const outcome = await createCheckpoint();
    if (!outcome.ok) {
      emit({
        CHECKPOINT_OK: false,
        FIRST_BREAK_SEQ: outcome.firstBreak.seq.toString(),
        REASON: outcome.firstBreak.reason,
      });
      process.exitCode = 1;
      return;
    }
    if (!outcome.checkpoint) return emit({ CHECKPOINT_OK: true, SEQ: 0, NOTE: "the ledger is empty" });
    const c = outcome.checkpoint;
    emit({
      CHECKPOINT_OK: true,
      CREATED: outcome.created,
      SEQ: c.seq.toString(),
      HEAD_HASH: c.headHash,
      AT: c.at.toISOString(),
      KEY_ID: c.keyId,
      SIGNATURE: c.signature,
    });
  },
};

export default command;
