import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from "node:crypto";

// Ed25519 signatures over ledger checkpoints. The signed text is fixed and simple on purpose, so
// that anyone can check a checkpoint with any Ed25519 library (scripts/verify-ledger-export.mjs
// does it with plain Node):  "triad-ledger-checkpoint/v1\n<seq>\n<head hash>\n<ISO 8601 time>".

export type CheckpointClaim = { seq: bigint; headHash: string; at: Date };

export function checkpointPayload(claim: CheckpointClaim): Buffer {
  return Buffer.from(
    `triad-ledger-checkpoint/v1\n${claim.seq}\n${claim.headHash}\n${claim.at.toISOString()}`,
    "utf8",
  );
}

/** Key id: the first 16 hex characters of SHA-256 over the raw 32-byte public key. */
export function keyIdOf(publicKeyPem: string): string {
  const raw = createPublicKey(publicKeyPem).export({ format: "jwk" }).x;
  if (!raw) throw new Error("not an Ed25519 public key");
  return createHash("sha256").update(Buffer.from(raw, "base64url")).digest("hex").slice(0, 16);
}

export function generateSigningKey(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  return {
    publicKeyPem: publicKey.export({ format: "pem", type: "spki" }).toString(),
    privateKeyPem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
  };
}

/** The public half of a private key, as SPKI PEM (to check that a stored pair belongs together). */
export function publicHalf(privateKeyPem: string): string {
  return createPublicKey(createPrivateKey(privateKeyPem)).export({ format: "pem", type: "spki" }).toString();
}

export function signCheckpoint(privateKeyPem: string, claim: CheckpointClaim): string {
  return sign(null, checkpointPayload(claim), privateKeyPem).toString("base64url");
}

export function checkCheckpointSignature(
  publicKey: string | KeyObject,
  claim: CheckpointClaim,
  signature: string,
): boolean {
  try {
    return verify(null, checkpointPayload(claim), publicKey, Buffer.from(signature, "base64url"));
  } catch {
    return false;
  }
}

/** The public key as a JWK (RFC 8037 OKP), for /.well-known/triad-ledger-key. */
export function publicJwk(publicKeyPem: string, kid: string) {
  const jwk = createPublicKey(publicKeyPem).export({ format: "jwk" });
  return { kty: "OKP", crv: "Ed25519", x: jwk.x, kid, alg: "EdDSA", use: "sig" };
}
