import { db } from "@/lib/db";
import type { Caller } from "@/lib/ownership/caller";
import { uid } from "@/tests/support/factories";

// Test helpers for the ownership area: people in teams with managers, NHIs on platform accounts.
export function callerFor(actorId: string | null, isAdmin = false): Caller {
  return { ledger: { id: `user-${uid()}`, kind: "USER", name: "test user" }, actorId, isAdmin };
}

export async function makeTeam(leadId?: string) {
  return db.team.create({ data: { name: `team-${uid()}`, leadId } });
}

export async function makePerson(options: { teamId?: string; managerId?: string; name?: string } = {}) {
  const id = uid();
  return db.actor.create({
    data: {
      kind: "HUMAN",
      displayName: options.name ?? `Person ${id}`,
      externalId: `emp-${id}`,
      sourceSystem: "test",
      teamId: options.teamId,
      human: {
        create: {
          email: `p-${id}@test.example`,
          department: "Engineering",
          title: "Engineer",
          managerId: options.managerId,
        },
      },
    },
  });
}

export async function makeNhi(
  options: {
    ownerId?: string;
    teamId?: string;
    platform?: string;
    account?: string;
    lastRotatedAt?: Date;
    rotationDueAt?: Date;
  } = {},
) {
  const id = uid();
  return db.actor.create({
    data: {
      kind: "NHI",
      displayName: `svc-${id}`,
      externalId: `nhi-${id}`,
      sourceSystem: "test",
      teamId: options.teamId,
      nhi: {
        create: {
          nhiType: "SERVICE_ACCOUNT",
          platform: options.platform ?? "AWS",
          platformAccount: options.account ?? `acct-${id}`,
          ownerId: options.ownerId,
          ownerSince: options.ownerId ? new Date() : null,
          claimStatus: options.ownerId ? "OWNED" : "UNCLAIMED",
          lastRotatedAt: options.lastRotatedAt,
          rotationDueAt: options.rotationDueAt,
        },
      },
    },
  });
}

export async function makeAgent(sponsorId?: string) {
  const id = uid();
  return db.actor.create({
    data: {
      kind: "AGENT",
      displayName: `agent-${id}`,
      externalId: `agent-${id}`,
      sourceSystem: "test",
      agent: { create: { model: "claude", provider: "Anthropic", runtime: "test", sponsorId } },
    },
  });
}
