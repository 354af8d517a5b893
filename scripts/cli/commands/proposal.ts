import { decideProposalSchema } from "../../../lib/proposals/schemas";
import { decideProposalAs } from "../../../lib/proposals/approve-as";
import { listAllPendingProposals } from "../../../lib/proposals/queries";
import { emit, options, required, UsageError, type Command } from "../command";

// Decide an agent's proposal from the terminal as a named person, with their authenticator code
// (the console's /proposals does the same). `list` prints what is pending.
const command: Command = {
  name: "proposal",
  summary: "agent proposals: list | approve|reject --id ID --as EMAIL --code TOTP [--uses N] [--minutes M]",
  usage: "npm run triad -- proposal approve --id <proposal id> --as sponsor@triad.example --code 123456",
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === "list") {
      const pending = await listAllPendingProposals(50);
      for (const p of pending) emit({ PROPOSAL: `${p.id} ${p.agent.displayName} ${p.action} ${p.resource}` });
      emit({ PENDING: pending.length });
      return;
    }
    if (sub !== "approve" && sub !== "reject")
      throw new UsageError("use: proposal list | proposal approve|reject --id ID --as EMAIL --code TOTP");
    const { values } = options(rest, {
      id: { type: "string" },
      as: { type: "string" },
      code: { type: "string" },
      uses: { type: "string" },
      minutes: { type: "string" },
      note: { type: "string" },
    });
    const input = decideProposalSchema.parse({
      proposalId: required(values.id, "id"),
      decision: sub === "approve" ? "APPROVE" : "REJECT",
      uses: values.uses,
      validMinutes: values.minutes,
      note: values.note,
    });
    const out = await decideProposalAs(required(values.as, "as"), required(values.code, "code"), input);
    emit({ PROPOSAL_ID: input.proposalId, STATUS: out.status, DECIDED_BY: JSON.stringify(out.approver) });
  },
};

export default command;
