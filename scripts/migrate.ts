// `npm run db:migrate`: apply pending migrations to DATABASE_URL (or the embedded database)
// without starting the console, e.g. as a deploy step before rolling out new replicas.
import { ensureDatabase } from "./lib/runtime";
import { migrate } from "../lib/db/migrate";

const database = await ensureDatabase();
try {
  const applied = await migrate(database.url);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
  console.log(`MIGRATIONS_APPLIED=${applied.length}`);
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.stop();
}
