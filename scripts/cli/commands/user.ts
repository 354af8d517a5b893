import { randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "../../../lib/db";
import { hashPassword } from "../../../lib/auth/password";
import { appendLedger } from "../../../lib/ledger/append";
import { ROLE_PERMISSIONS } from "../../../lib/auth/permissions";
import type { Role } from "../../../lib/generated/prisma/enums";
import { emit, options, OPERATOR, required, UsageError, type Command } from "../command";

const ROLES = Object.keys(ROLE_PERMISSIONS) as Role[];

const command: Command = {
  name: "user",
  summary: "create a console user, or unlock one (user create --email E --name N --role ADMIN [--password P]; user unlock --email E)",
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
      await db.$transaction(async (tx) => {
        const user = await tx.user.update({ where: { email }, data: { lockedUntil: null, failedLogins: 0 }, select: { id: true } });
        await appendLedger(tx, { actor: OPERATOR, action: "user.unlocked", target: `user:${user.id}` });
      });
      emit({ UNLOCKED: email });
      return;
    }
    if (verb !== "create") throw new UsageError("user create | user unlock");
    const roles = (values.role ?? []).map((r) => r.toUpperCase());
    if (roles.length === 0) throw new UsageError(`--role is required (${ROLES.join(", ")})`);
    for (const r of roles) if (!ROLES.includes(r as Role)) throw new UsageError(`unknown role ${r} (${ROLES.join(", ")})`);
    const password = values.password ?? randomBytes(12).toString("base64url");
    if (password.length < 12) throw new UsageError("passwords need at least 12 characters");
    const user = await db.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email }, select: { id: true } })) throw new UsageError(`a user with email ${email} exists already`);
      const created = await tx.user.create({
        data: { email, name: values.name ?? email.split("@")[0], passwordHash: await hashPassword(password), roles: roles as Role[] },
        select: { id: true },
      });
      await appendLedger(tx, { actor: OPERATOR, action: "user.created", target: `user:${created.id}`, details: { email, roles } });
      return created;
    });
    emit({ USER_ID: user.id, EMAIL: email, ...(values.password ? {} : { PASSWORD: password }) });
  },
};

export default command;
