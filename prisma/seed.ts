// Demo data: a believable company so every page has something to show. Runs from `npm start`
// when the database is empty, or on its own: `npx tsx prisma/seed.ts`.
import { randomUUID } from "node:crypto";
import { Faker, en } from "@faker-js/faker";
import { db } from "../lib/db";
import type { Prisma } from "../lib/generated/prisma/client";
import type { NhiType, Role } from "../lib/generated/prisma/enums";
import { appendLedger, SYSTEM_ACTOR } from "../lib/ledger/append";
import { hashPassword } from "../lib/auth/password";
import { oneTimePassword } from "../lib/users/password";
import { env } from "../lib/env";
import { seal, open } from "../lib/crypto/secret-box";
import { newTotpSecret } from "../lib/auth/totp";
import { fingerprint } from "../lib/crypto/tokens";
import { ROLE_LABELS } from "../lib/auth/permissions";
import { ensureStarterPolicies } from "../lib/policy/starter";
import { seedAccessHistory } from "./seed-history";
import { seedWorkflows } from "./seed-workflows";
import { backfillDecisionRecords } from "../lib/explorer/backfill";
import { foldAccessUse } from "../lib/explorer/access-use";
import { recomputeRisk } from "../lib/risk/recompute";
import { AGENTS, COMPANY_DOMAIN, DEPARTMENTS, PLATFORMS, RESOURCES, SERVICES, VENDORS } from "./seed-data";

export const DEMO_PASSWORD = "triad-demo-2026";
export const DEMO_USERS: { email: string; name: string; roles: Role[] }[] = [
  { email: "admin@triad.example", name: "Alex Morgan", roles: ["ADMIN"] },
  { email: "manager@triad.example", name: "Priya Natarajan", roles: ["MANAGER"] },
  { email: "owner@triad.example", name: "Diego Alvarez", roles: ["SERVICE_OWNER"] },
  { email: "sponsor@triad.example", name: "Hannah Schmidt", roles: ["AGENT_SPONSOR"] },
  { email: "auditor@triad.example", name: "Sam Okafor", roles: ["AUDITOR"] },
];

const DAY = 86_400_000;
type Sizes = { humans: number; nhis: number };

export async function seedIfEmpty(
  log: (line: string) => void = console.log,
  sizes: Sizes = { humans: 320, nhis: 4200 },
): Promise<boolean> {
  if (!(await isEmpty())) return false;
  await seedDemo(log, sizes);
  return true;
}

async function isEmpty(): Promise<boolean> {
  return (await db.user.count()) === 0 && (await db.actor.count()) === 0;
}

export type FirstStart = { kind: "demo" } | { kind: "first-admin"; email: string; password: string } | null;

/**
 * What an empty database gets at its first start. Demo data (and the public demo logins) only
 * when `demo` is set: the embedded default database, or `npm start -- --demo`. Anything else is
 * a real deployment: one admin with a random one-time password, returned to be printed once,
 * which must be changed at first sign-in; plus the starter policies. Null: not empty.
 */
export async function prepareEmptyDatabase(options: {
  demo: boolean;
  log?: (line: string) => void;
  adminEmail?: string;
}): Promise<FirstStart> {
  if (!(await isEmpty())) return null;
  if (options.demo) {
    await seedDemo(options.log ?? console.log, { humans: 320, nhis: 4200 });
    return { kind: "demo" };
  }
  const email = options.adminEmail ?? env().TRIAD_ADMIN_EMAIL;
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    const admin = await tx.user.create({
      data: { email, name: "Administrator", passwordHash, roles: ["ADMIN"], mustChangePassword: true },
      select: { id: true },
    });
    await appendLedger(tx, {
      actor: SYSTEM_ACTOR,
      action: "user.created",
      target: `user:${admin.id}`,
      details: { email, roles: ["ADMIN"], firstStart: true },
    });
    await ensureStarterPolicies(tx, admin.id);
  });
  return { kind: "first-admin", email, password };
}

/** Printed once, when the first admin was just created. */
export function firstAdminBanner(email: string, password: string): string {
  return [
    "",
    "  First start: one admin account was created. Its password is shown only now and works for one sign-in;",
    "  you choose your own and set up two-factor sign-in at that first sign-in.",
    "",
    `  Email     ${email}`,
    `  Password  ${password}`,
    "",
  ].join("\n");
}

export async function seedDemo(log: (line: string) => void, sizes: Sizes): Promise<void> {
  const f = new Faker({ locale: [en] });
  f.seed(2026);
  const now = Date.now();
  const ago = (days: number) => new Date(now - days * DAY);
  const pick = <T>(xs: readonly T[]): T => xs[f.number.int({ min: 0, max: xs.length - 1 })];

  // Teams and people: a CEO, department heads, team managers, individual contributors.
  const teams = DEPARTMENTS.flatMap((d) =>
    d.teams.map((t) => ({ id: randomUUID(), name: t, department: d.name })),
  );
  const actors: Prisma.ActorCreateManyInput[] = [];
  const humans: Prisma.HumanProfileCreateManyInput[] = [];
  const people: {
    id: string;
    name: string;
    team: string;
    department: string;
    managerId: string | null;
    left: boolean;
    email: string;
  }[] = [];
  const addHuman = (
    name: string,
    title: string,
    department: string,
    team: string | null,
    managerId: string | null,
    left = false,
  ) => {
    const id = randomUUID();
    const email = `${name
      .toLowerCase()
      .replace(/[^a-z]+/g, ".")
      .replace(/^\.|\.$/g, "")}@${COMPANY_DOMAIN}`;
    const teamId = team ? teams.find((t) => t.name === team)!.id : null;
    actors.push({
      id,
      kind: "HUMAN",
      displayName: name,
      externalId: `00u${f.string.alphanumeric(17)}`,
      sourceSystem: "okta",
      status: left ? "RETIRED" : "ACTIVE",
      teamId,
      createdAt: ago(f.number.int({ min: 30, max: 1800 })),
      lastSeenAt: left ? ago(f.number.int({ min: 30, max: 200 })) : ago(f.number.float({ min: 0, max: 5 })),
      tags: left ? ["leaver"] : [],
    });
    humans.push({
      actorId: id,
      email,
      department,
      title,
      managerId,
      mfaEnrolled: !left && f.number.float() < 0.93,
      employmentStatus: left ? "TERMINATED" : f.number.float() < 0.12 ? "CONTRACTOR" : "EMPLOYEE",
      lastCertifiedAt: f.number.float() < 0.7 ? ago(f.number.int({ min: 10, max: 300 })) : null,
    });
    people.push({ id, name, team: team ?? "", department, managerId, left, email });
    return id;
  };
  const ceo = addHuman("Jordan Ellis", "Chief Executive Officer", "Executive", null, null);
  const heads = new Map<string, string>();
  for (const d of DEPARTMENTS)
    heads.set(d.name, addHuman(f.person.fullName(), `VP ${d.name}`, d.name, d.teams[0], ceo));
  const leads = new Map<string, string>();
  for (const t of teams)
    leads.set(
      t.name,
      addHuman(f.person.fullName(), `${t.name} Manager`, t.department, t.name, heads.get(t.department)!),
    );
  while (people.length < sizes.humans) {
    const t = pick(teams);
    const d = DEPARTMENTS.find((x) => x.name === t.department)!;
    addHuman(
      f.person.fullName(),
      pick(d.titles),
      d.name,
      t.name,
      leads.get(t.name)!,
      f.number.float() < 0.05,
    );
  }
  const active = people.filter((p) => !p.left && p.managerId);
  const leavers = people.filter((p) => p.left);
  const byTeam = (team: string) => active.filter((p) => p.team === team);

  // Non-human identities, owned mostly by engineers of the team that runs the platform account.
  const nhiProfiles: Prisma.NhiProfileCreateManyInput[] = [];
  const credentials: Prisma.CredentialCreateManyInput[] = [];
  const nhiIds: { id: string; platform: string; ownerId: string | null }[] = [];
  for (let i = 0; i < sizes.nhis; i++) {
    const platform = pick(PLATFORMS);
    const spec = f.helpers.weightedArrayElement(platform.types.map((t) => ({ weight: t.weight, value: t })));
    const svc = pick(SERVICES);
    const env = f.helpers.weightedArrayElement([
      { weight: 5, value: "prod" },
      { weight: 2, value: "stg" },
      { weight: 2, value: "dev" },
    ]);
    const vendor = spec.type === "OAUTH_APP" ? pick(VENDORS) : null;
    const name = spec.pattern
      .replace(/\{svc\}/g, svc)
      .replace(/\{env\}/g, env)
      .replace("{n}", String(f.number.int({ min: 1, max: 99 })))
      .replace("{vendor}", vendor?.name.toLowerCase() ?? svc);
    const team = pick(platform.teams);
    const roll = f.number.float();
    const claim =
      roll < 0.76 ? "OWNED" : roll < 0.86 ? "UNCLAIMED" : roll < 0.94 ? "ORPHANED" : "CLAIM_PENDING";
    const owner =
      claim === "OWNED" || claim === "CLAIM_PENDING"
        ? pick(byTeam(team).length ? byTeam(team) : active)
        : claim === "ORPHANED"
          ? pick(leavers)
          : null;
    const period =
      spec.type === "WORKLOAD_IDENTITY"
        ? null
        : spec.type === "CERTIFICATE"
          ? 365
          : spec.type === "SERVICE_ACCOUNT"
            ? 180
            : 90;
    const rotatedDaysAgo = f.number.int({ min: 1, max: period ? Math.round(period * 2.2) : 30 });
    const neverRotated = period !== null && f.number.float() < 0.07;
    const id = randomUUID();
    const created = ago(rotatedDaysAgo + f.number.int({ min: 0, max: 700 }));
    actors.push({
      id,
      kind: "NHI",
      displayName: name,
      externalId: `${platform.name.toLowerCase()}:${name}:${i}`,
      sourceSystem: platform.name.toLowerCase(),
      environment: env === "prod" ? "PRODUCTION" : env === "stg" ? "STAGING" : "DEVELOPMENT",
      teamId: teams.find((t) => t.name === team)!.id,
      createdAt: created,
      tags: [svc, env],
      lastSeenAt:
        f.number.float() < 0.15
          ? ago(f.number.int({ min: 91, max: 400 }))
          : ago(f.number.float({ min: 0, max: 20 })),
    });
    const lastRotatedAt = neverRotated ? null : ago(rotatedDaysAgo);
    const rotationBase = lastRotatedAt ?? created;
    nhiProfiles.push({
      actorId: id,
      nhiType: spec.type as NhiType,
      platform: platform.name,
      platformAccount: pick(platform.accounts),
      ownerId: owner?.id ?? null,
      ownerSince: owner ? ago(f.number.int({ min: 5, max: 600 })) : null,
      createdById: f.number.float() < 0.6 ? pick(byTeam(team).length ? byTeam(team) : active).id : null,
      claimStatus: claim,
      rotationPeriodDays: period,
      lastRotatedAt,
      rotationDueAt: period ? new Date(rotationBase.getTime() + period * DAY) : null,
      expiresAt:
        spec.type === "CERTIFICATE" || spec.type === "CICD_TOKEN"
          ? new Date(rotationBase.getTime() + (period ?? 90) * DAY)
          : null,
      lastUsedAt: actors[actors.length - 1].lastSeenAt,
      vendor: vendor?.name ?? null,
      oauthScopes: vendor?.scopes ?? [],
    });
    if (period) {
      credentials.push({
        actorId: id,
        kind: spec.type === "CERTIFICATE" ? "CERTIFICATE" : "STATIC_KEY",
        label: spec.type === "CERTIFICATE" ? "mTLS certificate" : "access key",
        fingerprint: fingerprint(randomUUID()),
        issuedAt: rotationBase,
        rotatedAt: lastRotatedAt,
        expiresAt: spec.type === "CERTIFICATE" ? new Date(rotationBase.getTime() + period * DAY) : null,
      });
    }
    nhiIds.push({ id, platform: platform.name, ownerId: owner?.id ?? null });
  }

  // AI agents with sponsors (three lost theirs when the sponsor left).
  const agentProfiles: Prisma.AgentProfileCreateManyInput[] = [];
  const agentIds: string[] = [];
  for (let i = 0; i < 36; i++) {
    const a = AGENTS[i % AGENTS.length];
    const id = randomUUID();
    const picked = pick(active);
    // The first sponsored agents share one sponsor (the demo sponsor's login), so it has a fleet.
    const sponsor = i < 3 ? null : i < 6 && agentProfiles[3] ? { id: agentProfiles[3].sponsorId! } : picked;
    actors.push({
      id,
      kind: "AGENT",
      displayName: i < AGENTS.length ? a.name : `${a.name} #${Math.floor(i / AGENTS.length) + 1}`,
      externalId: `agent-${i + 1}`,
      sourceSystem: "agent-registry",
      status: sponsor ? "ACTIVE" : "SUSPENDED",
      environment: i % 5 === 4 ? "STAGING" : "PRODUCTION",
      createdAt: ago(f.number.int({ min: 5, max: 240 })),
      tags: ["ai"],
      teamId: pick(teams).id,
      lastSeenAt: ago(f.number.float({ min: 0, max: 3 })),
    });
    agentProfiles.push({
      actorId: id,
      model: a.model,
      provider: a.provider,
      runtime: a.runtime,
      sponsorId: sponsor?.id ?? null,
      toolAllowList: a.tools,
      autonomyLevel: pick([
        "SUGGEST_ONLY",
        "ACT_WITH_APPROVAL",
        "ACT_WITH_APPROVAL",
        "BOUNDED_AUTONOMY",
      ] as const),
      maxSessionTtlMinutes: pick([15, 30, 60, 120]),
      onBehalfOf: pick(["SPONSOR", "TEAM", "ANY_HUMAN"] as const),
      lastActiveAt: ago(f.number.float({ min: 0, max: 3 })),
    });
    agentIds.push(id);
  }

  // Resources and entitlements, then grants for every kind of actor.
  const resources: Prisma.ResourceCreateManyInput[] = [];
  const entitlements: (Prisma.EntitlementCreateManyInput & { id: string })[] = [];
  for (const r of RESOURCES) {
    const id = randomUUID();
    resources.push({
      id,
      name: r.name,
      kind: r.kind,
      sensitivity: r.sensitivity,
      ownerId: pick(active).id,
      externalId: r.name.toLowerCase().replace(/\W+/g, "-"),
      sourceSystem: "catalog",
    });
    for (const [name, privileged] of r.entitlements)
      entitlements.push({ id: randomUUID(), resourceId: id, name, privileged });
  }
  const grants: Prisma.GrantCreateManyInput[] = [];
  const grant = (actorId: string, n: number, source: "BIRTHRIGHT" | "REQUEST" | "IMPORT" | "JIT") => {
    for (const e of f.helpers.arrayElements(entitlements, n)) {
      grants.push({
        actorId,
        entitlementId: e.id,
        source,
        grantedAt: ago(f.number.int({ min: 1, max: 500 })),
        expiresAt: source === "JIT" ? new Date(now + 4 * 3600_000) : null,
      });
    }
  };
  for (const p of people.filter((x) => !x.left))
    grant(p.id, f.number.int({ min: 2, max: 6 }), f.number.float() < 0.5 ? "BIRTHRIGHT" : "REQUEST");
  for (const n of nhiIds) grant(n.id, f.number.int({ min: 1, max: 2 }), "IMPORT");
  for (const a of agentIds) grant(a, f.number.int({ min: 1, max: 3 }), "REQUEST");

  await db.$transaction(
    async (tx) => {
      await tx.team.createMany({
        data: teams.map((t) => ({
          id: t.id,
          name: t.name,
          description: `${t.department} department`,
          leadId: null,
        })),
      });
      for (const chunk of chunks(actors, 2000)) await tx.actor.createMany({ data: chunk });
      for (const chunk of chunks(humans, 2000)) await tx.humanProfile.createMany({ data: chunk });
      for (const t of teams)
        await tx.team.update({ where: { id: t.id }, data: { leadId: leads.get(t.name) } });
      await tx.teamMember.createMany({
        data: people
          .filter((p) => p.team)
          .map((p) => ({ teamId: teams.find((t) => t.name === p.team)!.id, actorId: p.id })),
      });
      for (const chunk of chunks(nhiProfiles, 2000)) await tx.nhiProfile.createMany({ data: chunk });
      for (const chunk of chunks(credentials, 2000)) await tx.credential.createMany({ data: chunk });
      await tx.agentProfile.createMany({ data: agentProfiles });
      await tx.resource.createMany({ data: resources });
      await tx.entitlement.createMany({ data: entitlements });
      for (const chunk of chunks(grants, 2000))
        await tx.grant.createMany({ data: chunk, skipDuplicates: true });
      await tx.rotationPolicy.createMany({
        data: [
          { nhiType: "API_KEY", maxAgeDays: 90 },
          { nhiType: "SSH_KEY", maxAgeDays: 90 },
          { nhiType: "CICD_TOKEN", maxAgeDays: 90 },
          { nhiType: "SERVICE_ACCOUNT", maxAgeDays: 180 },
          { nhiType: "CERTIFICATE", maxAgeDays: 365 },
          { nhiType: "OAUTH_APP", maxAgeDays: 180 },
          { nhiType: "BOT", maxAgeDays: 180 },
        ],
      });
      await appendLedger(tx, {
        actor: SYSTEM_ACTOR,
        action: "seed.loaded",
        target: null,
        details: {
          humans: people.length,
          nhis: nhiIds.length,
          agents: agentIds.length,
          resources: resources.length,
          grants: grants.length,
        },
      });
    },
    { timeout: 120_000 },
  );
  log(
    `seeded ${people.length} humans, ${nhiIds.length} NHIs, ${agentIds.length} agents, ${resources.length} resources, ${grants.length} grants`,
  );

  // Demo console users, each linked to a person whose work fits the role.
  const manager = people.find((p) => p.id === leads.get("Payments"))!;
  const leaverIds = new Set(leavers.map((l) => l.id));
  const owner = [
    ...nhiIds
      .filter((n) => n.ownerId && !leaverIds.has(n.ownerId))
      .reduce((m, n) => m.set(n.ownerId!, (m.get(n.ownerId!) ?? 0) + 1), new Map<string, number>()),
  ].sort((a, b) => b[1] - a[1])[0][0];
  const sponsor = agentProfiles.find((a) => a.sponsorId)!.sponsorId!;
  const links: Record<string, string | undefined> = {
    "manager@triad.example": manager.id,
    "owner@triad.example": owner,
    "sponsor@triad.example": sponsor,
  };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.$transaction(
    async (tx) => {
      let adminId: string | null = null;
      for (const u of DEMO_USERS) {
        const mfa = u.roles.some((r) => r !== "AUDITOR");
        const created = await tx.user.create({
          // A demo user linked to a person in the inventory carries that person's name.
          data: {
            email: u.email,
            name: people.find((p) => p.id === links[u.email])?.name ?? u.name,
            passwordHash,
            roles: u.roles,
            actorId: links[u.email] ?? null,
            totpSecretEnc: mfa ? seal(newTotpSecret()) : null,
            mfaEnabledAt: mfa ? new Date() : null,
          },
        });
        await appendLedger(tx, {
          actor: SYSTEM_ACTOR,
          action: "user.created",
          target: `user:${created.id}`,
          details: { email: u.email, roles: u.roles, demo: true },
        });
        if (u.roles.includes("ADMIN")) adminId = created.id;
      }
      const { policySetId } = await ensureStarterPolicies(tx, adminId);
      const active = await tx.policyVersion.findFirstOrThrow({
        where: { policySetId, status: "ACTIVE" },
        select: { hash: true },
      });
      await seedAccessHistory(tx, f, people, active.hash);
      // Thousands of history rows: more than the default 5 s on a busy machine.
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  // The demo's logged decisions, in the explorer's store too.
  await backfillDecisionRecords();
  await foldAccessUse();

  // Work waiting for the demo logins: requests, campaigns, proposals, a session, a break-glass.
  await seedWorkflows(people, {
    managerId: manager.id,
    sponsorId: sponsor,
    fallbackId: heads.get("Engineering")!,
  });
  // An agent whose sponsor left: succession proposes the demo sponsor, who has not accepted yet.
  await db.agentProfile.update({ where: { actorId: agentIds[0] }, data: { pendingSponsorId: sponsor } });

  // Risk scores from the same rules the inventory uses (lib/risk), so lists sort by risk at once.
  await recomputeRisk(
    db,
    actors.map((a) => a.id!),
  );
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The demo logins, printed by `npm start` for a demo database only (embedded default or
 * --demo). The TOTP secrets are demo-only conveniences and never printed for a real deployment.
 */
export async function demoLoginBanner(): Promise<string> {
  const users = await db.user.findMany({
    where: { email: { in: DEMO_USERS.map((u) => u.email) } },
    select: { email: true, roles: true, totpSecretEnc: true, mfaEnabledAt: true },
  });
  if (users.length === 0)
    return "[triad] no demo users (database was not empty). Create an admin: npm run triad -- user create --email you@corp --role ADMIN";
  const lines = ["", "  Demo logins (password for all: " + DEMO_PASSWORD + ")", ""];
  for (const u of DEMO_USERS) {
    const row = users.find((x) => x.email === u.email);
    if (!row) continue;
    const secret = row.totpSecretEnc && row.mfaEnabledAt ? open(row.totpSecretEnc) : null;
    lines.push(
      `  ${ROLE_LABELS[row.roles[0]].padEnd(15)} ${u.email.padEnd(24)} ${secret ? `TOTP secret ${secret}` : "no MFA"}`,
    );
  }
  lines.push(
    "",
    "  Current TOTP code for a demo user: npm run triad -- totp-code --email admin@triad.example",
    "",
  );
  return lines.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { ensureAuthSecret, ensureDatabase } = await import("../scripts/lib/runtime");
  ensureAuthSecret();
  const database = await ensureDatabase();
  const { migrate } = await import("../lib/db/migrate");
  await migrate(database.url);
  console.log((await seedIfEmpty()) ? "seeded" : "database not empty; nothing seeded");
  await database.stop();
}
