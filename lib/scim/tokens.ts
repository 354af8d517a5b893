import { announceChange } from "@/lib/changes/channel";
import { ChangeCache } from "@/lib/changes/cache";
import { db } from "@/lib/db";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";
import { newSecret, sha256 } from "@/lib/crypto/tokens";
import { NotFound } from "@/lib/errors";
import { scimPool } from "./pool";

// SCIM bearer tokens: random, shown once, stored as SHA-256. Managed in Settings and the CLI.

type VerifiedToken = { id: string; name: string };
// A verified token is remembered by its SHA-256 until a SCIM token is revoked anywhere (the
// "scim-token" announcement), so an import's requests do not each query for it.
const verified = new ChangeCache<VerifiedToken | null>({ topics: ["scim-token"], max: 1_000 });
const lastTouched = new Map<string, number>();

export type ScimTokenSummary = {
  id: string;
  name: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdBy: string | null;
};

export async function listScimTokens(): Promise<ScimTokenSummary[]> {
  const rows = await db.scimToken.findMany({
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    take: 200,
    select: {
      id: true,
      name: true,
      createdAt: true,
      revokedAt: true,
      lastUsedAt: true,
      createdBy: { select: { name: true } },
    },
  });
  return rows.map(({ createdBy, ...r }) => ({ ...r, createdBy: createdBy?.name ?? null }));
}

export async function createScimToken(
  name: string,
  by: LedgerActor,
  createdById: string | null,
): Promise<{ id: string; token: string }> {
  const token = newSecret("triad_scim");
  const row = await db.$transaction(async (tx) => {
    const created = await tx.scimToken.create({
      data: { name, tokenHash: sha256(token), createdById },
      select: { id: true },
    });
    await appendLedger(tx, {
      actor: by,
      action: "scim_token.created",
      target: `scim_token:${created.id}`,
      details: { name },
    });
    return created;
  });
  return { id: row.id, token };
}

export async function revokeScimToken(id: string, by: LedgerActor): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.scimToken.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw new NotFound("That token does not exist or is already revoked.");
    await appendLedger(tx, { actor: by, action: "scim_token.revoked", target: `scim_token:${id}` });
    // Every process drops its verified tokens; this one at once.
    await announceChange(tx, "scim-token");
  });
  verified.clear();
}

/**
 * The live token behind an Authorization header, or null. Touches lastUsedAt at most once a
 * minute. On the plain pg pool: it runs before every SCIM request of an import.
 */
export async function authenticateScim(header: string | null): Promise<{ id: string; name: string } | null> {
  const m = /^Bearer\s+(\S{10,300})$/i.exec(header ?? "");
  if (!m) return null;
  const token = await verified.get(sha256(m[1]), async (): Promise<VerifiedToken | null> => {
    const { rows } = await scimPool().query<{ id: string; name: string; revokedAt: Date | null }>(
      `SELECT id::text AS id, name, "revokedAt" FROM "ScimToken" WHERE "tokenHash" = $1`,
      [sha256(m[1])],
    );
    const row = rows[0];
    return row && !row.revokedAt ? { id: row.id, name: row.name } : null;
  });
  if (!token) return null;
  const now = Date.now();
  if (now - (lastTouched.get(token.id) ?? 0) > 60_000) {
    lastTouched.set(token.id, now);
    await scimPool().query(`UPDATE "ScimToken" SET "lastUsedAt" = now() WHERE id = $1::uuid`, [token.id]);
  }
  return token;
}
