import { z } from "zod";
import { db } from "../../../lib/db";
import { createUser, unlockUser } from "../../../lib/users/mutations";
import { createUserSchema } from "../../../lib/users/schemas";
import { emit, options, OPERATOR, required, UsageError, type Command } from "../command";

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
      const user = await db.user.findUnique({ where: { email }, select: { id: true } });
      if (!user) throw new UsageError(`no user with email ${email}`);
      await unlockUser(user.id, OPERATOR);
      emit({ UNLOCKED: email });
      return;
    }
    if (verb !== "create") throw new UsageError("user create | user unlock");
    const input = createUserSchema.parse({
      email,
      name: values.name ?? email.split("@")[0],
      roles: (values.role ?? []).map((r) => r.toUpperCase()),
    });
    const user = await createUser(input, OPERATOR, values.password);
    emit({ USER_ID: user.id, EMAIL: user.email, ...(values.password ? {} : { PASSWORD: user.password }) });
  },
};

export default command;
