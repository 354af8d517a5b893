import { db } from "@/lib/db";
import { sameHash, sha256 } from "@/lib/crypto/tokens";

// Bearer verification on the hot path. A verified token is remembered (by its sha256) for
// CACHE_MS, so most calls neither hash+compare against the row nor query; a revoked client is
// refused within that time in other processes, immediately in this one.

const CACHE_MS = 10_000;
export type VerifiedClient = { id: string; name: string; keyId: string; scopes: string[] };
const cache = new Map<string, { at: number; client: VerifiedClient | null }>();
const lastTouched = new Map<string, number>();

const TOKEN = /^triad_([A-Za-z0-9]{6,40})\.([A-Za-z0-9_-]{20,100})$/;

export async function verifyBearer(header: string | undefined): Promise<VerifiedClient | null> {
  if (!header || !header.startsWith("Bearer ")) return null;
  const token = header.slice(7).trim();
  const m = TOKEN.exec(token);
  if (!m) return null;
  const key = sha256(token);
  const hit = cache.get(key);
  const now = Date.now();
  if (hit && now - hit.at < CACHE_MS) return hit.client;
  const row = await db.apiClient.findUnique({ where: { keyId: m[1] }, select: { id: true, name: true, keyId: true, scopes: true, secretHash: true, revokedAt: true } });
  const client = row && !row.revokedAt && sameHash(sha256(m[2]), row.secretHash) ? { id: row.id, name: row.name, keyId: row.keyId, scopes: row.scopes } : null;
  if (cache.size > 10_000) cache.clear();
  cache.set(key, { at: now, client });
  if (client && now - (lastTouched.get(client.id) ?? 0) > 60_000) {
    lastTouched.set(client.id, now);
    db.apiClient.update({ where: { id: client.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  }
  return client;
}

export function forgetApiClient(keyId: string): void {
  for (const [k, v] of cache) if (v.client?.keyId === keyId) cache.delete(k);
}
