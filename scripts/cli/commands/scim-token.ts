import { createScimToken, listScimTokens, revokeScimToken } from "@/lib/scim/tokens";
import { SYSTEM_ACTOR } from "@/lib/ledger/append";

// npm run triad -- scim-token create --name <idp> | list | revoke --id <uuid>
// Script-readable output: KEY=value lines; `create` prints TOKEN=<value> last (shown once).
function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

const cliActor = { ...SYSTEM_ACTOR, name: "Triad CLI" };

export default {
  name: "scim-token",
  summary: "Manage SCIM bearer tokens: create --name <idp> | list | revoke --id <uuid>",
  async run(args: string[]): Promise<void> {
    const [sub] = args;
    if (sub === "create") {
      const name = (option(args, "name") ?? "").trim();
      if (!name || name.length > 100) throw new Error("usage: scim-token create --name <idp name, 1-100 characters>");
      const { id, token } = await createScimToken(name, cliActor, null);
      console.log(`ID=${id}`);
      console.log(`NAME=${name}`);
      console.log(`TOKEN=${token}`);
      return;
    }
    if (sub === "list") {
      for (const t of await listScimTokens()) {
        console.log(`ID=${t.id} NAME=${JSON.stringify(t.name)} CREATED=${t.createdAt.toISOString()} REVOKED=${t.revokedAt?.toISOString() ?? "-"} LAST_USED=${t.lastUsedAt?.toISOString() ?? "-"}`);
      }
      return;
    }
    if (sub === "revoke") {
      const id = option(args, "id") ?? "";
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error("usage: scim-token revoke --id <uuid>");
      await revokeScimToken(id, cliActor);
      console.log(`REVOKED=${id}`);
      return;
    }
    throw new Error("usage: scim-token create --name <idp> | list | revoke --id <uuid>");
  },
};
