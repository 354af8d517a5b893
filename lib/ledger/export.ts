import { GENESIS_HASH } from "./hash";
import {
  checkpointsBetween,
  entryHash,
  headSeq,
  readChain,
  verbatimFrom,
  withChainReader,
} from "./read-chain";
import { publishedKeys } from "./signing-keys";

// A slice of the ledger anyone can check offline (scripts/verify-ledger-export.mjs, plain Node):
// JSON Lines — a header (range, the hash the slice links to, the public keys), the signed
// checkpoints inside the slice, then every entry as stored. Details are copied as their stored
// text, so the export is as fast as reading, and from the header's verbatimFrom on that text is
// what the hash covers byte for byte.

export const EXPORT_FORMAT = "triad-ledger-export/v1";

export type ExportSummary = { from: bigint; to: bigint; entries: number; checkpoints: number };

export async function exportLedger(
  from: bigint,
  to: bigint | undefined,
  write: (line: string) => Promise<void> | void,
): Promise<ExportSummary> {
  const keys = await publishedKeys();
  return withChainReader(async (client) => {
    const head = await headSeq(client);
    const end = to === undefined || to > head ? head : to;
    const prevHash = from > 1n ? await entryHash(client, from - 1n) : GENESIS_HASH;
    const checkpoints = await checkpointsBetween(client, from > 1n ? from - 1n : 1n, end);
    await write(
      JSON.stringify({
        type: "header",
        format: EXPORT_FORMAT,
        from: from.toString(),
        to: end.toString(),
        prevHash,
        // From this seq on, each entry's details in this file are the very text its hash covers.
        verbatimFrom: (await verbatimFrom(client)).toString(),
        exportedAt: new Date().toISOString(),
        keys: keys.map((k) => ({
          kid: k.kid,
          publicKeyPem: k.publicKeyPem,
          createdAt: k.createdAt,
          retiredAt: k.retiredAt,
        })),
      }),
    );
    // Before the entries, so a checker can match them in one pass.
    for (const c of checkpoints) {
      await write(
        JSON.stringify({
          type: "checkpoint",
          seq: c.seq.toString(),
          headHash: c.headHash,
          at: c.at.toISOString(),
          keyId: c.keyId,
          signature: c.signature,
        }),
      );
    }
    let entries = 0;
    for await (const rows of readChain(client, from, end)) {
      let chunk = "";
      for (const [seq, at, actor, actorKind, actorName, action, target, details, prev, hash] of rows) {
        const s = JSON.stringify;
        chunk += `{"type":"entry","seq":${s(seq)},"at":${s(at)},"actor":${s(actor)},"actorKind":${s(actorKind)},"actorName":${s(actorName)},"action":${s(action)},"target":${s(target)},"details":${details},"prevHash":${s(prev)},"hash":${s(hash)}}\n`;
      }
      entries += rows.length;
      await write(chunk.slice(0, -1));
    }
    return { from, to: end, entries, checkpoints: checkpoints.length };
  });
}
