// Run by tests/integration/first-start.test.ts in its own process, against a fresh database
// (DATABASE_URL): the first start of a real deployment, then sign-in attempts.
import { prepareEmptyDatabase, DEMO_PASSWORD, DEMO_USERS } from "../../prisma/seed";
import { authenticate } from "../../lib/auth/login";
import { db } from "../../lib/db";

const first = await prepareEmptyDatabase({ demo: false, adminEmail: "first-admin@test.example" });
if (first?.kind !== "first-admin") throw new Error(`expected a first admin, got ${JSON.stringify(first)}`);
const demo = await Promise.all(
  DEMO_USERS.map((u) => authenticate({ email: u.email, password: DEMO_PASSWORD })),
);
const admin = await authenticate({ email: first.email, password: first.password });
const row = await db.user.findUniqueOrThrow({
  where: { email: first.email },
  select: { mustChangePassword: true, roles: true },
});
const again = await prepareEmptyDatabase({ demo: false });
console.log(
  JSON.stringify({
    demo: demo.map((d) => d.status),
    admin: admin.status,
    mustChange: row.mustChangePassword,
    roles: row.roles,
    users: await db.user.count(),
    actors: await db.actor.count(),
    again,
  }),
);
await db.$disconnect();
