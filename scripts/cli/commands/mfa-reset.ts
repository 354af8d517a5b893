import { db } from "../../../lib/db";
import { resetMfa } from "../../../lib/auth/mfa";
import { emit, options, OPERATOR, required, type Command } from "../command";

const command: Command = {
  name: "mfa-reset",
  summary: "turn off a user's MFA so they enrol again at next sign-in (--email E --reason R)",
  async run(args) {
    const { values } = options(args, { email: { type: "string" }, reason: { type: "string" } });
    const email = required(values.email, "email").toLowerCase();
    const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
    await resetMfa(user.id, OPERATOR, required(values.reason, "reason"));
    emit({ MFA_RESET: email });
  },
};

export default command;
