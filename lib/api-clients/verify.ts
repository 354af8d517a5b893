import { db } from "@/lib/db";
import { sameHash, sha256 } from "@/lib/crypto/tokens";
import { ChangeCache } from "@/lib/changes/cache";

// Bearer verification on the hot path. A verified token is remembered (by its sha256) until an
// API client changes anywhere (the "api-client" announcement, sent by a trigger on ApiClient),
// so most calls neither hash+compare against the row nor query.

export type VerifiedClient = { id: string; name: string; keyId: string; scopes: string[] };
const cache = new ChangeCache<VerifiedClient | null>({ topics: ["api-client"], max: 10_000 });
const lastTouched = new Map<string, number>();

const TOKEN = /^triad_([A-Za-z0-9]{6,40})\.([A-Za-z0-9_-]{20,100})$/;

export async function verifyBearer(header: string | undefined): Promise<VerifiedClient | null> {
  if (!header || !header.startsWith("Bearer ")) return null;
  const token = header.slice(7).trim();
  const m = TOKEN.exec(token);
  if (!m) return null;
  const key = sha256(token);
  const client = await cache.get(key, async () => {
    const row = await db.apiClient.findUnique({
      where: { keyId: m[1] },
      select: { id: true, name: true, keyId: true, scopes: true, secretHash: true, revokedAt: true },
    });
    return row && !row.revokedAt && sameHash(sha256(m[2]), row.secretHash)
      ? { id: row.id, name: row.name, keyId: row.keyId, scopes: row.scopes }
      : null;
  });
  const now = Date.now();
  if (client && now - (lastTouched.get(client.id) ?? 0) > 60_000) {
    lastTouched.set(client.id, now);
    db.apiClient
      .update({ where: { id: client.id }, data: { lastUsedAt: new Date() } })
      .catch(() => undefined);
  }
  return client;
}

/** This process drops its cached clients at once, without waiting for the announcement. */
export function forgetApiClients(): void {
  cache.clear();
}
