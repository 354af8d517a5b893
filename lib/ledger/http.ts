import type { IncomingMessage, ServerResponse } from "node:http";
import type { LeanRoute } from "@/lib/server/lean-routes";
import { latestCheckpoint } from "./checkpoint";
import { publishedKeys } from "./signing-keys";

// GET /.well-known/triad-ledger-key: the public half of every checkpoint signing key (PEM and
// JWK) and the newest checkpoint, so anyone can check an export (scripts/verify-ledger-export.mjs)
// or a checkpoint against a key they fetched themselves, not one the export carries.

async function handleLedgerKey(_req: IncomingMessage, res: ServerResponse) {
  let status = 200;
  let body: unknown;
  try {
    const [keys, latest] = await Promise.all([publishedKeys(), latestCheckpoint()]);
    body = {
      algorithm: "Ed25519",
      signed_text: "triad-ledger-checkpoint/v1\\n<seq>\\n<head hash>\\n<ISO 8601 time>",
      keys: keys.map((k) => ({
        kid: k.kid,
        public_key_pem: k.publicKeyPem,
        jwk: k.jwk,
        created_at: k.createdAt,
        retired_at: k.retiredAt,
      })),
      latest_checkpoint: latest
        ? {
            seq: latest.seq.toString(),
            head_hash: latest.headHash,
            at: latest.at.toISOString(),
            kid: latest.keyId,
            signature: latest.signature,
          }
        : null,
    };
  } catch (error) {
    console.error("[triad] ledger key lookup failed:", (error as Error).message);
    status = 503;
    body = { error: "unavailable", message: "The ledger key cannot be read right now." };
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}

export const ledgerRoutes: LeanRoute[] = [
  { method: "GET", path: "/.well-known/triad-ledger-key", handler: handleLedgerKey },
];
