import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A random secret for API clients, SCIM tokens and recovery codes; shown once, stored hashed. */
export function newSecret(prefix: string, bytes = 32): string {
  return `${prefix}_${randomBytes(bytes).toString("base64url")}`;
}

/** SHA-256 hex. High-entropy secrets need no slow hash; passwords use argon2id instead. */
export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** Fingerprint shown for a credential: the first 16 hex digits of its SHA-256, grouped. */
export function fingerprint(secret: string): string {
  const hex = sha256(secret);
  return `SHA256:${hex.slice(0, 16).match(/.{4}/g)!.join(":")}`;
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
