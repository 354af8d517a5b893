// `npm run example:authzen-todo`: loads the public AuthZEN interop "Todo" scenario (five users
// with their PIDs and roles, Cedar policies for its five permissions) into the database Triad
// runs on, creates an API client for it and prints its bearer token last (TOKEN=<value>).
// Then e.g.:
//   curl -s localhost:3000/access/v1/evaluation -H "authorization: Bearer $TOKEN" \
//     -d '{"subject":{"type":"user","id":"CiRmZDA2MTRkMy1jMzlhLTQ3ODEtYjdiZC04Yjk2ZjVhNTEwMGQSBWxvY2Fs"},
//          "action":{"name":"can_delete_todo"},"resource":{"type":"todo","id":"1","properties":{"ownerID":"morty@the-citadel.com"}}}'
import { ensureAuthSecret, ensureDatabase } from "./lib/runtime";

async function main() {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  ensureAuthSecret();
  const database = await ensureDatabase();
  try {
    const { migrate } = await import("../lib/db/migrate");
    await migrate(database.url);
    const { ensureStarterPolicies } = await import("../lib/policy/starter");
    const { loadTodoScenario, TODO_USERS, TODO_SET_NAME } = await import("../lib/policy/todo-example");
    const { createApiClient } = await import("../lib/api-clients/mutations");
    const { systemCaller } = await import("../lib/actions/caller");
    await ensureStarterPolicies();
    const { policySetId, activated } = await loadTodoScenario();
    console.log(`POLICY_SET=${TODO_SET_NAME}`);
    console.log(`POLICY_SET_ID=${policySetId}`);
    console.log(`ACTIVATED=${activated ? "new version" : "already active"}`);
    for (const u of TODO_USERS) console.log(`USER=${u.pid} EMAIL=${u.email} ROLES=${u.roles.join(",")}`);
    const client = await createApiClient(systemCaller("example:authzen-todo"), {
      name: `AuthZEN Todo PEP ${new Date().toISOString().slice(0, 16)}`,
      scopes: ["access:evaluate"],
    });
    console.log(`API_CLIENT_ID=${client.id}`);
    console.log(`TOKEN=${client.token}`);
  } finally {
    const { db } = await import("../lib/db");
    await db.$disconnect().catch(() => undefined);
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
