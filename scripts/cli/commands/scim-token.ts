import { createScimToken, listScimTokens, revokeScimToken } from "../../../lib/scim/tokens";
import { emit, options, OPERATOR, required, UsageError, type Command } from "../command";

// npm run triad -- scim-token create --name <idp> | list | revoke --id <uuid>
// `create` prints TOKEN=<value> as its last line; the token is shown only this once.
const command: Command = {
  name: "scim-token",
  summary: "SCIM bearer tokens for an IdP: create --name N (prints TOKEN=…) | list | revoke --id ID",
  async run(args) {
    const { values, positionals } = options(args, { name: { type: "string" }, id: { type: "string" } });
    const sub = positionals[0];
    if (sub === "create") {
      const name = required(values.name, "name").trim();
      if (!name || name.length > 100) throw new UsageError("--name must be 1-100 characters");
      const { id, token } = await createScimToken(name, OPERATOR, null);
      emit({ ID: id, NAME: name, TOKEN: token });
      return;
    }
    if (sub === "list") {
      const tokens = await listScimTokens();
      emit({ COUNT: tokens.length });
      for (const t of tokens)
        emit({
          TOKEN_ID: t.id,
          TOKEN_NAME: JSON.stringify(t.name),
          TOKEN_STATUS: t.revokedAt ? "revoked" : "active",
          TOKEN_LAST_USED: t.lastUsedAt?.toISOString() ?? "never",
        });
      return;
    }
    if (sub === "revoke") {
      const id = required(values.id, "id");
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new UsageError("--id must be a token id (uuid)");
      await revokeScimToken(id, OPERATOR);
      emit({ REVOKED: id });
      return;
    }
    throw new UsageError("usage: scim-token create --name <idp> | list | revoke --id <uuid>");
  },
};

export default command;
