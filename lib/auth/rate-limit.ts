import type { IncomingMessage } from "node:http";
import { Pool } from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { env, requireDatabaseUrl } from "@/lib/env";

// Per-source (IP) limits on unauthenticated entry points, stored in PostgreSQL (table
// "RateLimit", rate-limiter-flexible's schema) so every replica counts against the same budget.
// Sign-in counts every attempt; the machine APIs count only authentication failures, so a
// caller with valid credentials never waits on this table.

export type LimitName = "sign-in" | "token" | "scim-auth" | "decision-auth" | "step-up";

export const LIMITS: Record<LimitName, { points: number; duration: number }> = {
  "sign-in": { points: 60, duration: 60 },
  token: { points: 30, duration: 60 },
  "scim-auth": { points: 10, duration: 60 },
  "decision-auth": { points: 30, duration: 60 },
  // Per user: a stolen session must not be able to walk the TOTP space through step-up.
  "step-up": { points: 10, duration: 300 },
};

const g = globalThis as unknown as {
  triadLimiterPool?: Pool;
  triadLimiters?: Map<LimitName, RateLimiterPostgres>;
};

function limiter(name: LimitName): RateLimiterPostgres {
  g.triadLimiters ??= new Map();
  let l = g.triadLimiters.get(name);
  if (!l) {
    g.triadLimiterPool ??= new Pool({ connectionString: requireDatabaseUrl(), max: 3 });
    // The table comes from a migration (tableCreated), so the limiter never runs DDL as the app role.
    l = new RateLimiterPostgres({
      storeClient: g.triadLimiterPool,
      storeType: "pool",
      tableName: "RateLimit",
      tableCreated: true,
      keyPrefix: name,
      clearExpiredByTimeout: false,
      ...LIMITS[name],
    });
    g.triadLimiters.set(name, l);
  }
  return l;
}

// Sources this process knows to be over a limit: lets a blocked caller be refused without a
// database round trip on the hot path. Other replicas learn it on the caller's next failure.
const blocked = new Map<string, number>();

/** Seconds until `source` may try again, or null when it is within its budget (no I/O). */
export function blockedFor(name: LimitName, source: string, now = Date.now()): number | null {
  const until = blocked.get(`${name}:${source}`);
  if (!until) return null;
  if (until <= now) {
    blocked.delete(`${name}:${source}`);
    return null;
  }
  return Math.ceil((until - now) / 1000);
}

/**
 * Counts one attempt (or failure) for `source` and returns the seconds to wait when it is over
 * the limit, else null. A store error counts as over the limit: fail closed.
 */
export async function consume(name: LimitName, source: string): Promise<number | null> {
  try {
    await limiter(name).consume(source.slice(0, 200));
    return null;
  } catch (error) {
    const ms = error instanceof RateLimiterRes ? error.msBeforeNext : LIMITS[name].duration * 1000;
    if (!(error instanceof RateLimiterRes))
      console.error(`[triad] rate limiter ${name} failed; refusing`, error);
    if (blocked.size > 50_000) blocked.clear();
    blocked.set(`${name}:${source}`, Date.now() + ms);
    return Math.max(1, Math.ceil(ms / 1000));
  }
}

/**
 * The calling address. Without trusted proxies (TRIAD_TRUSTED_PROXY_HOPS=0, the default) it is
 * the TCP peer, never a header a client can write. Behind N trusted proxies it is the address
 * the outermost trusted proxy saw: the N-th entry of X-Forwarded-For counted from the right.
 */
function clientAddress(peer: string | undefined, forwardedFor: string | null | undefined): string {
  const hops = env().TRIAD_TRUSTED_PROXY_HOPS;
  if (hops > 0 && forwardedFor) {
    const list = forwardedFor
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const client = list[list.length - hops];
    if (client) return client.slice(0, 64);
  }
  return (peer || "unknown").slice(0, 64);
}

/** For the lean node:http routes (token endpoint, decision API). */
export function sourceOfRequest(req: IncomingMessage): string {
  const xff = req.headers["x-forwarded-for"];
  return clientAddress(req.socket.remoteAddress, Array.isArray(xff) ? xff.join(",") : xff);
}

/**
 * For requests that went through Next.js (server actions, route handlers). scripts/start.ts
 * sets PEER_HEADER to the TCP peer on every request, overwriting anything the client sent.
 */
export function sourceOfHeaders(headers: Headers): string {
  return clientAddress(headers.get(PEER_HEADER) ?? undefined, headers.get("x-forwarded-for"));
}

export const PEER_HEADER = "x-triad-peer";

/** Drops this process's memory of blocked sources (tests). */
export function forgetBlocked(): void {
  blocked.clear();
}

/**
 * For SCIM and the decision API: records a failed authentication from `source` and says how to
 * answer it: 401, or 429 with Retry-After once the source is over its budget.
 */
export async function authFailure(
  name: LimitName,
  source: string,
): Promise<{ status: 401 | 429; headers: Record<string, string> }> {
  const wait = await consume(name, source);
  return wait === null
    ? { status: 401, headers: {} }
    : { status: 429, headers: { "retry-after": String(wait) } };
}
