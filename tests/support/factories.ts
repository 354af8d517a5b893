import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { ActorKind, Role } from "@/lib/generated/prisma/enums";
import { hashPassword } from "@/lib/auth/password";
import { seal } from "@/lib/crypto/secret-box";
import { newTotpSecret } from "@/lib/auth/totp";

// Small builders for test data. Each call makes unique rows, so tests never collide.
export const uid = () => randomUUID().slice(0, 8);

export async function makeHuman(overrides: { name?: string; managerId?: string; email?: string } = {}) {
  const id = uid();
  return db.actor.create({
    data: {
      kind: "HUMAN",
      displayName: overrides.name ?? `Person ${id}`,
      externalId: `emp-${id}`,
      sourceSystem: "test",
      human: {
        create: {
          email: overrides.email ?? `p-${id}@test.example`,
          department: "Engineering",
          title: "Engineer",
          managerId: overrides.managerId,
        },
      },
    },
  });
}

export async function makeActor(
  kind: ActorKind,
  extra: { ownerId?: string; sponsorId?: string; platform?: string } = {},
) {
  const id = uid();
  return db.actor.create({
    data: {
      kind,
      displayName: `${kind.toLowerCase()}-${id}`,
      externalId: `${kind}-${id}`,
      sourceSystem: "test",
      ...(kind === "NHI"
        ? {
            nhi: {
              create: {
                nhiType: "SERVICE_ACCOUNT",
                platform: extra.platform ?? "AWS",
                ownerId: extra.ownerId,
                claimStatus: extra.ownerId ? "OWNED" : "UNCLAIMED",
              },
            },
          }
        : {}),
      ...(kind === "AGENT"
        ? {
            agent: {
              create: { model: "claude", provider: "Anthropic", runtime: "test", sponsorId: extra.sponsorId },
            },
          }
        : {}),
      ...(kind === "HUMAN"
        ? {
            human: {
              create: { email: `h-${id}@test.example`, department: "Engineering", title: "Engineer" },
            },
          }
        : {}),
    },
  });
}

export async function makeUser(
  roles: Role[],
  options: { password?: string; mfa?: boolean; actorId?: string } = {},
) {
  const id = uid();
  const password = options.password ?? `pw-${id}-Correct-Horse`;
  const totpSecret = options.mfa === false ? null : newTotpSecret();
  const user = await db.user.create({
    data: {
      email: `u-${id}@test.example`,
      name: `User ${id}`,
      passwordHash: await hashPassword(password),
      roles,
      actorId: options.actorId,
      totpSecretEnc: totpSecret ? seal(totpSecret) : null,
      mfaEnabledAt: totpSecret ? new Date() : null,
    },
  });
  return { user, password, totpSecret };
}
