import { db } from "@/lib/db";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";
import { newSecret, sha256 } from "@/lib/crypto/tokens";
import { pool } from "@/lib/db/pool";
import { NotFound } from "@/lib/errors";

// SCIM bearer tokens: random, shown once, stored as SHA-256. Managed in Settings and the CLI.

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
  });
}

/**
 * The live token behind an Authorization header, or null. Touches lastUsedAt at most once a
 * minute. On the plain pg pool: it runs before every SCIM request of an import.
 */
export async function authenticateScim(header: string | null): Promise<{ id: string; name: string } | null> {
  const m = /^Bearer\s+(\S{10,300})$/i.exec(header ?? "");
  if (!m) return null;
  const { rows } = await pool().query<{
    id: string;
    name: string;
    revokedAt: Date | null;
    lastUsedAt: Date | null;
  }>(`SELECT id::text AS id, name, "revokedAt", "lastUsedAt" FROM "ScimToken" WHERE "tokenHash" = $1`, [
    sha256(m[1]),
  ]);
  const token = rows[0];
  if (!token || token.revokedAt) return null;
  if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > 60_000) {
    await pool().query(`UPDATE "ScimToken" SET "lastUsedAt" = now() WHERE id = $1::uuid`, [token.id]);
  }
  return { id: token.id, name: token.name };
}
