import { createActorClient, findTokenActor } from "../../../lib/tokens/clients";
import { emit, options, required, UsageError, OPERATOR, type Command } from "../command";

// Client credentials an NHI or agent uses at POST /api/v1/tokens. The secret is printed once.
const command: Command = {
  name: "nhi-client",
  summary:
    "create token client credentials for an NHI or agent (--actor <id|externalId|name> [--audience A]... [--scope S]... [--name N])",
  usage:
    "npm run triad -- nhi-client --actor svc-payments --audience https://payments.internal --scope payments:read",
  async run(args) {
    const { values } = options(args, {
      actor: { type: "string" },
      audience: { type: "string", multiple: true },
      scope: { type: "string", multiple: true },
      name: { type: "string" },
    });
    const ref = required(values.actor, "actor");
    const actor = await findTokenActor(ref);
    if (!actor) throw new UsageError(`no NHI or agent matches "${ref}"`);
    for (const a of values.audience ?? [])
      if (a.length > 500 || /\s/.test(a)) throw new UsageError(`invalid audience "${a}"`);
    for (const s of values.scope ?? [])
      if (!/^[\w:./-]{1,100}$/.test(s)) throw new UsageError(`invalid scope "${s}"`);
    const client = await createActorClient({
      actorId: actor.id,
      name: values.name,
      audiences: values.audience,
      scopes: values.scope,
      ledger: OPERATOR,
    });
    emit({
      ACTOR_ID: actor.id,
      ACTOR_KIND: actor.kind,
      ACTOR_NAME: JSON.stringify(actor.displayName),
      CLIENT_ID: client.clientId,
      CLIENT_SECRET: client.clientSecret,
    });
  },
};

export default command;
