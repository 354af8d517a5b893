import { z } from "zod";
import { createUser, unlockUser } from "../../../lib/users/mutations";
import { findUserIdByEmail } from "../../../lib/users/queries";
import { createUserSchema } from "../../../lib/users/schemas";
import { emit, options, OPERATOR_CALLER, required, UsageError, type Command } from "../command";

const command: Command = {
  name: "user",
  summary:
    "create a console user, or unlock one (user create --email E --name N --role ADMIN [--password P]; user unlock --email E)",
  async run(args) {
    const [verb, ...rest] = args;
    const { values } = options(rest, {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string", multiple: true },
      password: { type: "string" },
    });
    const email = z.string().trim().toLowerCase().email().parse(required(values.email, "email"));
    if (verb === "unlock") {
      const userId = await findUserIdByEmail(email);
      if (!userId) throw new UsageError(`no user with email ${email}`);
      await unlockUser(OPERATOR_CALLER, { userId });
      emit({ UNLOCKED: email });
      return;
    }
    if (verb !== "create") throw new UsageError("user create | user unlock");
    const input = createUserSchema.parse({
      email,
      name: values.name ?? email.split("@")[0],
      roles: (values.role ?? []).map((r) => r.toUpperCase()),
    });
    const user = await createUser(OPERATOR_CALLER, input, values.password);
    emit({ USER_ID: user.id, EMAIL: user.email, ...(values.password ? {} : { PASSWORD: user.password }) });
  },
};

export default command;
