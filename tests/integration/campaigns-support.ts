import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import type { Caller } from "@/lib/campaigns/caller";
import { defaultsFor, type CampaignKind, type CampaignSettings } from "@/lib/campaigns/schemas";
import { can } from "@/lib/auth/permissions";
import { makeUser, uid } from "@/tests/support/factories";

// Campaign test worlds: real users with real roles linked to people, a resource of their own.

export async function person(
  options: { managerId?: string; name?: string; tags?: string[]; teamId?: string } = {},
) {
  const id = uid();
  return db.actor.create({
    data: {
      kind: "HUMAN",
      displayName: options.name ?? `Person ${id}`,
      externalId: `cp-${id}`,
      sourceSystem: "test",
      tags: options.tags ?? [],
      teamId: options.teamId,
      human: {
        create: {
          email: `cp-${id}@test.example`,
          department: "Engineering",
          title: "Engineer",
          managerId: options.managerId,
        },
      },
    },
  });
}

/** A console user with these roles, linked to a person; the caller is built from the stored row. */
export async function callerWith(roles: Role[], actorId: string): Promise<Caller> {
  const { user } = await makeUser(roles, { actorId });
  const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
  return {
    ledger: { id: stored.id, kind: "USER", name: stored.name },
    userId: stored.id,
    actorId: stored.actorId,
    isAdmin: can(stored.roles, "ownership:approve"),
  };
}

export async function resource(options: { ownerId?: string | null; sourceSystem?: string } = {}) {
  const id = uid();
  return db.resource.create({
    data: {
      name: `app-${id}`,
      kind: "APPLICATION",
      externalId: `app-${id}`,
      sourceSystem: options.sourceSystem ?? "catalog",
      ownerId: options.ownerId ?? null,
      entitlements: { create: [{ name: "read" }, { name: "write" }, { name: "admin", privileged: true }] },
    },
    include: { entitlements: true },
  });
}

export async function grant(actorId: string, entitlementId: string) {
  return db.grant.create({ data: { actorId, entitlementId, source: "REQUEST" } });
}

export function settings(
  kind: CampaignKind,
  overrides: Partial<CampaignSettings> & { fallbackReviewerId: string },
): CampaignSettings {
  const d = defaultsFor(kind);
  return {
    ...d,
    dueAt: new Date(Date.now() + 7 * 86_400_000),
    ...overrides,
    scope: { ...d.scope, ...overrides.scope },
  };
}
