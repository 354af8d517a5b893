import { createApiClient, revokeApiClient } from "@/lib/api-clients/mutations";
import { listApiClients } from "@/lib/api-clients/queries";
import { createApiClientSchema } from "@/lib/api-clients/schemas";
import { systemCaller } from "@/lib/actions/caller";
import { UsageError, type Command } from "../command";

// npm run triad -- api-client create --name <pep> | list | revoke --id <uuid>
// Script-readable output: KEY=value lines; `create` prints TOKEN=<value> last (shown once).
function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

const cliCaller = systemCaller("Triad CLI");
const USAGE =
  "usage: api-client create --name <pep name> [--scopes access:evaluate,access:search,introspect,audit:read] | list | revoke --id <uuid>";

const command: Command = {
  name: "api-client",
  summary: "Manage decision API clients (PEPs): create --name <n> | list | revoke --id <uuid>",
  async run(args: string[]): Promise<void> {
    const [sub] = args;
    if (sub === "create") {
      const scopes = option(args, "scopes")?.split(",").filter(Boolean);
      const input = createApiClientSchema.parse({
        name: option(args, "name") ?? "",
        ...(scopes ? { scopes } : {}),
      });
      const client = await createApiClient(cliCaller, input);
      console.log(`ID=${client.id}`);
      console.log(`NAME=${client.name}`);
      console.log(`KEY_ID=${client.keyId}`);
      console.log(`TOKEN=${client.token}`);
      return;
    }
    if (sub === "list") {
      for (const c of await listApiClients()) {
        console.log(
          `ID=${c.id} KEY_ID=${c.keyId} NAME=${JSON.stringify(c.name)} SCOPES=${c.scopes.join(",")} REVOKED=${c.revokedAt?.toISOString() ?? "-"} LAST_USED=${c.lastUsedAt?.toISOString() ?? "-"}`,
        );
      }
      return;
    }
    if (sub === "revoke") {
      const id = option(args, "id") ?? "";
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new UsageError(USAGE);
      await revokeApiClient(cliCaller, { id });
      console.log(`REVOKED=${id}`);
      return;
    }
    throw new UsageError(USAGE);
  },
};

export default command;
