import { demoTotpCode } from "../../../lib/auth/demo-code";
import { emit, options, required, UsageError, type Command } from "../command";

// Demo convenience only: refuses every account outside the demo domain.
const command: Command = {
  name: "totp-code",
  summary: "print the current TOTP code of a demo account (*@triad.example only) (--email E)",
  async run(args) {
    const { values } = options(args, { email: { type: "string" } });
    const email = required(values.email, "email").toLowerCase();
    if (!email.endsWith("@triad.example"))
      throw new UsageError("only demo accounts (@triad.example) have codes printed");
    const code = await demoTotpCode(email);
    if (!code) throw new UsageError(`${email} has no two-factor set up`);
    emit({ CODE: code });
  },
};

export default command;
