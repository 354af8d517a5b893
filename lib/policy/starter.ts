import { db, type Tx } from "@/lib/db";
import { appendLedger, SYSTEM_ACTOR } from "@/lib/ledger/append";
import type { Prisma } from "@/lib/generated/prisma/client";
import { policyTextHash } from "./compile";
import { STARTER_POLICY_TEXT, STARTER_SET_NAME, STARTER_TEST_CASES } from "./starter-text";

export { STARTER_SET_NAME };

async function ensureIn(
  tx: Tx,
  createdById?: string | null,
): Promise<{ created: boolean; policySetId: string }> {
  const existing = await tx.policySet.findUnique({ where: { name: STARTER_SET_NAME }, select: { id: true } });
  if (existing) return { created: false, policySetId: existing.id };
  const hash = policyTextHash(STARTER_POLICY_TEXT);
  const set = await tx.policySet.create({
    data: {
      name: STARTER_SET_NAME,
      description:
        "MFA for privileged human access; no NHI access without an owner or with an overdue credential; agents only inside their tool boundary, never above their human, never approving.",
      versions: {
        create: {
          version: 1,
          text: STARTER_POLICY_TEXT,
          hash,
          status: "ACTIVE",
          activatedAt: new Date(),
          comment: "starter policies",
          createdById: createdById ?? null,
        },
      },
      testCases: {
        create: STARTER_TEST_CASES.map((t) => ({
          name: t.name,
          request: t.request as Prisma.InputJsonObject,
          expected: t.expected,
        })),
      },
    },
    select: { id: true },
  });
  await appendLedger(tx, {
    actor: SYSTEM_ACTOR,
    action: "policy.activated",
    target: `policy:${set.id}`,
    details: { policySet: STARTER_SET_NAME, version: 1, hash },
  });
  return { created: true, policySetId: set.id };
}

/** Seeds the starter policy set as ACTIVE (idempotent). Pass a transaction or nothing. */
export async function ensureStarterPolicies(tx?: Tx, createdById?: string | null) {
  if (tx) return ensureIn(tx, createdById);
  return db.$transaction((t) => ensureIn(t, createdById));
}
