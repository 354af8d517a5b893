import { runOwnershipJobs } from "../../../lib/ownership/worker";
import { rotateSigningKey } from "../../../lib/tokens/keys";
import { emit, options, OPERATOR, type Command } from "../command";

// One pass of ownership housekeeping: succession for flagged leavers, missing rotation due
// dates, owner reminders (inbox + webhooks), scheduled signing-key rotation.
const command: Command = {
  name: "ownership-jobs",
  summary:
    "run succession, rotation reminders and signing-key rotation once (--rotate-key forces a new signing key; add --compromised to withdraw the old key and its tokens at once)",
  async run(args) {
    const { values } = options(args, { "rotate-key": { type: "boolean" }, compromised: { type: "boolean" } });
    if (values["rotate-key"] || values.compromised) {
      const { row } = await rotateSigningKey({
        force: true,
        compromised: Boolean(values.compromised),
        actor: OPERATOR,
      });
      emit({ SIGNING_KEY: row.kid });
    }
    const out = await runOwnershipJobs();
    for (const [k, v] of Object.entries(out))
      emit({ [k.toUpperCase()]: typeof v === "object" ? JSON.stringify(v) : String(v) });
  },
};

export default command;
