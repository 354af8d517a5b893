import { createPublicKey, type KeyObject } from "node:crypto";
import { db } from "@/lib/db";
import { open, seal } from "@/lib/crypto/secret-box";
import { generateSigningKey, keyIdOf, publicHalf, publicJwk } from "./signature";

// The checkpoint signing key: one active Ed25519 key, its private half sealed under AUTH_SECRET.
// A key row counts as Triad's only if its sealed private half opens with AUTH_SECRET and matches
// the stored public half: someone who can write to the database but does not hold AUTH_SECRET
// cannot slip in a key of their own and sign a rewritten chain with it.

const KEY_LOCK = 7_240_114;

export type SigningKey = { id: string; privateKeyPem: string; publicKeyPem: string };

function openKey(row: { id: string; publicKey: string; sealedPrivateKey: string }): SigningKey | null {
  try {
    const privateKeyPem = open(row.sealedPrivateKey);
    if (publicHalf(privateKeyPem) !== row.publicKey || keyIdOf(row.publicKey) !== row.id) return null;
    return { id: row.id, privateKeyPem, publicKeyPem: row.publicKey };
  } catch {
    return null;
  }
}

/** The active signing key, created on first use (one across processes: an advisory lock). */
export async function activeSigningKey(): Promise<SigningKey> {
  const select = { id: true, publicKey: true, sealedPrivateKey: true } as const;
  const existing = await db.ledgerSigningKey.findFirst({
    where: { retiredAt: null },
    orderBy: { createdAt: "desc" },
    select,
  });
  if (existing) {
    const key = openKey(existing);
    if (!key)
      throw new Error(
        `ledger signing key ${existing.id} cannot be opened with this AUTH_SECRET (or was not made by Triad)`,
      );
    return key;
  }
  const row = await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock($1)", KEY_LOCK);
    const again = await tx.ledgerSigningKey.findFirst({
      where: { retiredAt: null },
      orderBy: { createdAt: "desc" },
      select,
    });
    if (again) return again;
    const pair = generateSigningKey();
    return tx.ledgerSigningKey.create({
      data: {
        id: keyIdOf(pair.publicKeyPem),
        publicKey: pair.publicKeyPem,
        sealedPrivateKey: seal(pair.privateKeyPem),
      },
      select,
    });
  });
  const key = openKey(row);
  if (!key) throw new Error("the new ledger signing key does not open");
  return key;
}

/** Public keys of the keys this deployment made (all of them, retired too: old checkpoints stay checkable). */
export async function trustedPublicKeys(): Promise<Map<string, KeyObject>> {
  const rows = await db.ledgerSigningKey.findMany({
    select: { id: true, publicKey: true, sealedPrivateKey: true },
  });
  const out = new Map<string, KeyObject>();
  for (const row of rows) if (openKey(row)) out.set(row.id, createPublicKey(row.publicKey));
  return out;
}

export type PublishedKey = {
  kid: string;
  publicKeyPem: string;
  jwk: ReturnType<typeof publicJwk>;
  createdAt: string;
  retiredAt: string | null;
};

/** What /.well-known/triad-ledger-key and the Audit page show. */
export async function publishedKeys(): Promise<PublishedKey[]> {
  const rows = await db.ledgerSigningKey.findMany({
    orderBy: { createdAt: "desc" },
    select: { id: true, publicKey: true, createdAt: true, retiredAt: true },
  });
  return rows.map((r) => ({
    kid: r.id,
    publicKeyPem: r.publicKey,
    jwk: publicJwk(r.publicKey, r.id),
    createdAt: r.createdAt.toISOString(),
    retiredAt: r.retiredAt?.toISOString() ?? null,
  }));
}
