import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { open, seal } from "@/lib/crypto/secret-box";
import { appendLedger, SYSTEM_ACTOR, type LedgerActor } from "@/lib/ledger/append";
import { onChange } from "@/lib/changes/listen";
import { announceChange } from "@/lib/changes/channel";

export const ALG = "ES256";
/** A token lives at most an hour. */
export const MAX_TOKEN_TTL_SECONDS = 3600;
/** A key signs for this many days, then stays published until every token it signed expired. */
export const SIGNING_DAYS = 30;
const SKEW_SECONDS = 60;
const DAY = 86_400_000;

type SigningKeyRow = { kid: string; privateJwkEnc: string; retiresAt: Date };
const privateCache = new Map<string, CryptoKey>();
onChange("signing-key", () => privateCache.clear()); // a rotated (or compromised) key leaves memory in every process

async function createKey(tx: Tx, now: Date): Promise<SigningKeyRow> {
  const { publicKey, privateKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = `${now.toISOString().slice(0, 10)}-${randomUUID().slice(0, 8)}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: "sig" };
  const retiresAt = new Date(now.getTime() + SIGNING_DAYS * DAY);
  return tx.signingKey.create({
    data: {
      kid,
      alg: ALG,
      publicJwk,
      privateJwkEnc: seal(JSON.stringify(await exportJWK(privateKey))),
      createdAt: now,
      retiresAt,
      expiresAt: new Date(retiresAt.getTime() + (MAX_TOKEN_TTL_SECONDS + SKEW_SECONDS) * 1000),
    },
    select: { kid: true, privateJwkEnc: true, retiresAt: true },
  });
}

/** The key that signs now (the newest one not yet retired); creates the first one on demand. */
export async function currentSigningKey(now = new Date()): Promise<{ kid: string; key: CryptoKey }> {
  let row = await db.signingKey.findFirst({
    where: { retiresAt: { gt: now }, createdAt: { lte: now } },
    orderBy: { createdAt: "desc" },
    select: { kid: true, privateJwkEnc: true, retiresAt: true },
  });
  if (!row) row = (await rotateSigningKey({ now })).row;
  let key = privateCache.get(row.kid);
  if (!key) {
    key = (await importJWK(JSON.parse(open(row.privateJwkEnc)) as JWK, ALG)) as CryptoKey;
    privateCache.set(row.kid, key);
  }
  return { kid: row.kid, key };
}

/**
 * Rotates the signing key. On schedule (a day before the current key retires) the next key is
 * created to start signing exactly when the current one stops, so it is published in the JWKS a
 * day ahead and caches pick it up in time. The old key stops signing (`retiresAt`) but stays
 * published until `expiresAt`, an hour later, so tokens it signed validate until they expire.
 * `force` (operator request) retires the current key now and signs with a new one; its tokens
 * stay valid until they expire. `compromised` (implies force) also withdraws the old key from the
 * JWKS at once, so every token it signed is refused now: a stolen key must not sign for an hour.
 */
export async function rotateSigningKey(
  options: { now?: Date; force?: boolean; compromised?: boolean; actor?: LedgerActor } = {},
): Promise<{ rotated: boolean; row: SigningKeyRow }> {
  if (options.compromised) options = { ...options, force: true };
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7240114)`;
    const select = { kid: true, privateJwkEnc: true, retiresAt: true } as const;
    const current = await tx.signingKey.findFirst({
      where: { retiresAt: { gt: now }, createdAt: { lte: now } },
      orderBy: { createdAt: "desc" },
      select,
    });
    if (current && !options.force) {
      if (current.retiresAt.getTime() - now.getTime() >= DAY) return { rotated: false, row: current };
      const next = await tx.signingKey.findFirst({ where: { createdAt: { gt: now } }, select });
      if (next) return { rotated: false, row: current };
      const row = await createKey(tx, current.retiresAt);
      await appendLedger(tx, {
        actor: options.actor ?? SYSTEM_ACTOR,
        action: "signing_key.rotated",
        target: `signing_key:${row.kid}`,
        details: { previous: current.kid, startsAt: current.retiresAt.toISOString(), scheduled: true },
      });
      return { rotated: true, row };
    }
    if (current) {
      await tx.signingKey.updateMany({
        where: { kid: current.kid },
        data: {
          retiresAt: now,
          expiresAt: options.compromised
            ? now
            : new Date(now.getTime() + (MAX_TOKEN_TTL_SECONDS + SKEW_SECONDS) * 1000),
        },
      });
    }
    if (options.compromised) {
      // Every other key still published (e.g. one retired within the hour) may be exposed too.
      await tx.signingKey.updateMany({
        where: { expiresAt: { gt: now } },
        data: { retiresAt: now, expiresAt: now },
      });
      privateCache.clear();
      await announceChange(tx, "signing-key");
    }
    // A key pre-published for later would never sign now: start it now instead.
    await tx.signingKey.deleteMany({ where: { createdAt: { gt: now } } });
    const row = await createKey(tx, now);
    await appendLedger(tx, {
      actor: options.actor ?? SYSTEM_ACTOR,
      action: "signing_key.rotated",
      target: `signing_key:${row.kid}`,
      details: {
        previous: current?.kid ?? null,
        retiresAt: row.retiresAt.toISOString(),
        forced: Boolean(options.force),
        compromised: Boolean(options.compromised),
      },
    });
    return { rotated: true, row };
  });
}

/** The public keys a verifier needs: every key whose tokens may still be alive. */
export async function publicJwks(now = new Date()): Promise<{ keys: JWK[] }> {
  const rows = await db.signingKey.findMany({
    where: { expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: { publicJwk: true },
  });
  return { keys: rows.map((r) => r.publicJwk as JWK) };
}

export function tokenIssuer(publicUrl: string | undefined): string {
  return publicUrl ? publicUrl.replace(/\/$/, "") : "urn:triad";
}

/** The audience of access tokens for Triad's own MCP server (/mcp); any agent may ask for it. */
export function mcpAudience(): string {
  return `${tokenIssuer(env().TRIAD_PUBLIC_URL)}/mcp`;
}
