// The "My work" figure of `npm run bench:dashboard`: a manager with 2,000 of their reports'
// grants, 500 pending approvals and 2,000 review items, next to other approvers' and
// reviewers' work (so the indexes, not an empty table, answer). Built set-based, once.
import { performance } from "node:perf_hooks";
import type { SessionUser } from "../../lib/auth/session";

const REPORTS = 500; // × 4 grants = 2,000 grants and 2,000 review items
const OTHERS = 5_000; // other people's requests and 4× as many review items

type Timer = (name: string, fn: () => Promise<unknown>) => Promise<void>;

export async function benchMyWork(time: Timer): Promise<void> {
  const { db } = await import("../../lib/db");
  const found = await db.actor.findFirst({ where: { externalId: "bench-mw-manager" }, select: { id: true } });
  const managerId = found?.id ?? (await build());
  const { cardsFor } = await import("../../lib/my-work/cards");
  // Every card of every role, as one person holding all of them (the worst "My work" page).
  const user: SessionUser = {
    id: "00000000-0000-0000-0000-000000000000",
    email: "bench-manager@bench.example",
    name: "Bench Manager",
    roles: ["MANAGER", "SERVICE_OWNER", "AGENT_SPONSOR", "AUDITOR", "ADMIN"],
    actorId: managerId,
    sessionId: "bench",
    mfa: true,
    mfaAt: null,
    mustChangePassword: false,
  };
  const now = new Date();
  const cards = cardsFor(user);
  for (const card of cards)
    await time(`MYWORK_${card.id.toUpperCase().replace(/-/g, "_")}`, () => card.load(user, now));
  await time("MYWORK_PAGE", () => Promise.all(cards.map((c) => c.load(user, now))));
  const approvals = await cards.find((c) => c.id === "approvals")!.load(user, now);
  const reviews = await cards.find((c) => c.id === "reviews")!.load(user, now);
  console.log(`MYWORK_APPROVALS_COUNT=${approvals.count}`);
  console.log(`MYWORK_REVIEWS_COUNT=${reviews.count}`);
}

async function build(): Promise<string> {
  const { db } = await import("../../lib/db");
  console.log(`# my work: inserting a manager, ${REPORTS} reports, their grants, approvals and review items`);
  const t = performance.now();
  const managerId = await db.$transaction(
    async (tx) => {
      const [{ id: mgr }] = await tx.$queryRawUnsafe<Array<{ id: string }>>(`
        WITH a AS (
          INSERT INTO "Actor" (id, kind, "displayName", "externalId", "sourceSystem", status, "updatedAt")
          VALUES (gen_random_uuid(), 'HUMAN', 'Bench Manager', 'bench-mw-manager', 'bench', 'ACTIVE', now()) RETURNING id)
        INSERT INTO "HumanProfile" ("actorId", email, department, title)
        SELECT id, 'bench-mw-manager@bench.example', 'Engineering', 'Manager' FROM a RETURNING "actorId"::text AS id`);
      // Reports and other people (the others approve and review each other's work).
      await tx.$executeRawUnsafe(`
        WITH a AS (
          INSERT INTO "Actor" (id, kind, "displayName", "externalId", "sourceSystem", status, "updatedAt")
          SELECT gen_random_uuid(), 'HUMAN', 'bench-mw-person-' || g, 'bench-mw-person-' || g, 'bench', 'ACTIVE', now()
          FROM generate_series(1, ${REPORTS + OTHERS}) g RETURNING id, "externalId")
        INSERT INTO "HumanProfile" ("actorId", email, department, title, "managerId")
        SELECT id, "externalId" || '@bench.example', 'Engineering', 'Engineer',
          CASE WHEN substr("externalId", 17)::int <= ${REPORTS} THEN '${mgr}'::uuid END FROM a`);
      await tx.$executeRawUnsafe(`
        WITH r AS (
          INSERT INTO "Resource" (id, name, kind, "externalId", "sourceSystem")
          VALUES (gen_random_uuid(), 'bench-mw-app', 'APPLICATION', 'bench-mw-app', 'bench') RETURNING id)
        INSERT INTO "Entitlement" (id, "resourceId", name, privileged)
        SELECT gen_random_uuid(), r.id, 'bench-mw-' || g, g = 5 FROM r, generate_series(1, 5) g`);
      const people = `SELECT a.id, (h."managerId" IS NOT NULL) AS report, row_number() OVER (ORDER BY a.id) AS n
        FROM "Actor" a JOIN "HumanProfile" h ON h."actorId" = a.id WHERE a."externalId" LIKE 'bench-mw-person-%'`;
      const ents = `SELECT e.id, e.name FROM "Entitlement" e JOIN "Resource" r ON r.id = e."resourceId" WHERE r."externalId" = 'bench-mw-app'`;
      // Four grants each; a tenth of them end within the week.
      await tx.$executeRawUnsafe(`
        INSERT INTO "Grant" (id, "actorId", "entitlementId", source, "grantedAt", "expiresAt")
        SELECT gen_random_uuid(), p.id, e.id, 'REQUEST', now() - interval '90 days',
          CASE WHEN random() < 0.1 THEN now() + interval '3 days' END
        FROM (${people}) p CROSS JOIN (${ents}) e WHERE e.name <> 'bench-mw-5'`);
      // One pending request per person for the fifth entitlement: the reports' wait on the manager,
      // the others' on another person.
      await tx.$executeRawUnsafe(`
        WITH p AS (${people}),
        r AS (
          INSERT INTO "AccessRequest" (id, "requesterId", "subjectId", "entitlementId", justification, status, "createdAt", "deadlineAt")
          SELECT gen_random_uuid(), p.id, p.id, (SELECT id FROM (${ents}) e WHERE e.name = 'bench-mw-5'), 'bench', 'PENDING',
            now() - p.n * interval '1 minute', now() + interval '2 days' FROM p RETURNING id, "requesterId", "createdAt"),
        s AS (
          INSERT INTO "RequestStage" (id, "requestId", position, mode, status, "deadlineAt")
          SELECT gen_random_uuid(), r.id, 1, 'ANY', 'OPEN', r."createdAt" + interval '1 day' FROM r RETURNING id, "requestId")
        INSERT INTO "RequestApprover" ("stageId", "requestId", "approverId", role, open, "createdAt")
        SELECT s.id, s."requestId", CASE WHEN p.report THEN '${mgr}'::uuid ELSE q.id END,
          'MANAGER', true, r."createdAt"
        FROM s JOIN r ON r.id = s."requestId" JOIN p ON p.id = r."requesterId"
          JOIN p q ON q.n = ${REPORTS} + 1 + (p.n % 100)`);
      // A running campaign: the manager reviews their reports' grants; others review the rest.
      await tx.$executeRawUnsafe(`
        WITH c AS (
          INSERT INTO "Campaign" (id, name, type, "reviewerStrategy", status, "dueAt", "launchedAt", settings)
          VALUES (gen_random_uuid(), 'bench-mw-campaign', 'HUMAN_ACCESS', 'MANAGER', 'ACTIVE', now() + interval '14 days', now(), '{"noBulkPrivileged": true}')
          RETURNING id),
        p AS (${people})
        INSERT INTO "ReviewItem" (id, "campaignId", "actorId", "grantId", "entitlementId", "reviewerId", priority)
        SELECT gen_random_uuid(), c.id, g."actorId", g.id, g."entitlementId",
          CASE WHEN p.report THEN '${mgr}'::uuid ELSE q.id END, (p.n % 3)::int
        FROM c, "Grant" g JOIN p ON p.id = g."actorId" JOIN p q ON q.n = ${REPORTS} + 1 + (p.n % 100)`);
      return mgr;
    },
    { timeout: 10 * 60_000 },
  );
  for (const table of [
    "Grant",
    "AccessRequest",
    "RequestStage",
    "RequestApprover",
    "ReviewItem",
    "HumanProfile",
  ])
    await db.$executeRawUnsafe(`VACUUM ANALYZE "${table}"`);
  console.log(`# my work: inserted in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return managerId;
}
