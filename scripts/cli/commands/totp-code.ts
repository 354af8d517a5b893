import { db } from "../../../lib/db";
import { open } from "../../../lib/crypto/secret-box";
import { currentTotp } from "../../../lib/auth/totp";
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
    const user = await db.user.findUnique({
      where: { email },
      select: { totpSecretEnc: true, mfaEnabledAt: true },
    });
    if (!user?.totpSecretEnc || !user.mfaEnabledAt) throw new UsageError(`${email} has no two-factor set up`);
    emit({ CODE: currentTotp(open(user.totpSecretEnc)) });
  },
};

export default command;
