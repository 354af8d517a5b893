import { rmSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { assertLocalDatabase } from "./local-database";

declare module "vitest" {
  export interface ProvidedContext {
    /** The owner's URL: tests may tamper with the database like an attacker holding it. */
    databaseUrl: string;
    /** The console's restricted role (the owner's URL again for an external test database). */
    appDatabaseUrl: string;
  }
}

// Integration tests get a fresh real PostgreSQL: embedded by default, or a local server
// named by TRIAD_TEST_DATABASE_URL (which must be empty; it is migrated here).
let embedded: EmbeddedDatabase | undefined;

export async function setup(project: TestProject) {
  let url = process.env.TRIAD_TEST_DATABASE_URL;
  let appUrl = url;
  if (!url) {
    const port = Number(process.env.TRIAD_TEST_PG_PORT ?? 54339);
    const dataDir = `.triad/test-pg-${port}`;
    rmSync(dataDir, { recursive: true, force: true });
    embedded = await startEmbeddedPostgres({ dataDir, port });
    url = embedded.ownerUrl;
    appUrl = embedded.url;
  }
  assertLocalDatabase(url);
  await migrate(url);
  project.provide("databaseUrl", url);
  project.provide("appDatabaseUrl", appUrl ?? url);
}

export async function teardown() {
  await embedded?.stop();
}
