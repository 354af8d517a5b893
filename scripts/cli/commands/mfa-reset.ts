import { resetMfa } from "../../../lib/auth/mfa";
import { findUserIdByEmail } from "../../../lib/users/queries";
import { emit, options, OPERATOR_CALLER, required, UsageError, type Command } from "../command";

const command: Command = {
  name: "mfa-reset",
  summary: "turn off a user's MFA so they enrol again at next sign-in (--email E --reason R)",
  async run(args) {
    const { values } = options(args, { email: { type: "string" }, reason: { type: "string" } });
    const email = required(values.email, "email").toLowerCase();
    const userId = await findUserIdByEmail(email);
    if (!userId) throw new UsageError(`no user with email ${email}`);
    await resetMfa(OPERATOR_CALLER, { userId, reason: required(values.reason, "reason") });
    emit({ MFA_RESET: email });
  },
};

export default command;
