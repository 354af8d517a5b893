import { db } from "@/lib/db";
import { Conflict, Invalid, NotFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { appendLedger } from "@/lib/ledger/append";
import type { Caller } from "@/lib/actions/caller";
import { invalidateActivePolicySet } from "./active";
import { policySetSlug, policyTextHash, validatePolicyText } from "./compile";
import { runPolicyTests } from "./testing";

// Policy sets as data: versions are immutable (a change is a new version), DRAFT → ACTIVE →
// RETIRED, one ACTIVE version per set, and every change is in the ledger.

export async function createPolicySet(
  caller: Caller,
  input: { name: string; description?: string; text: string },
) {
  return db.$transaction(async (tx) => {
    // Policy ids are prefixed with the set's slug; two sets with one slug would override each other.
    const slug = policySetSlug(input.name);
    const taken = (await tx.policySet.findMany({ select: { name: true } })).find(
      (s) => policySetSlug(s.name) === slug,
    );
    if (taken)
      throw new Invalid(`A policy set named like that exists (“${taken.name}”).`, {
        name: ["Choose another name"],
      });
    const set = await tx.policySet.create({
      data: {
        name: input.name,
        description: input.description,
        versions: {
          create: {
            version: 1,
            text: input.text,
            hash: policyTextHash(input.text),
            createdById: caller.userId ?? null,
          },
        },
      },
      select: { id: true, versions: { select: { id: true } } },
    });
    await appendLedger(tx, {
      actor: caller.ledger,
      action: "policy.created",
      target: `policy:${set.id}`,
      details: { name: input.name, version: 1 },
    });
    return { policySetId: set.id, versionId: set.versions[0].id };
  });
}

/** Saves text as a new DRAFT version (or returns the latest version if the text is unchanged). */
export async function saveDraft(
  caller: Caller,
  input: { policySetId: string; text: string; comment?: string },
) {
  return db.$transaction(async (tx) => {
    const latest = await tx.policyVersion.findFirst({
      where: { policySetId: input.policySetId },
      orderBy: { version: "desc" },
      select: { id: true, version: true, hash: true },
    });
    if (!latest) throw new NotFound("No such policy set.");
    const hash = policyTextHash(input.text);
    if (latest.hash === hash) return { versionId: latest.id, version: latest.version, unchanged: true };
    const v = await tx.policyVersion.create({
      data: {
        policySetId: input.policySetId,
        version: latest.version + 1,
        text: input.text,
        hash,
        comment: input.comment,
        createdById: caller.userId ?? null,
      },
      select: { id: true, version: true },
    });
    await appendLedger(tx, {
      actor: caller.ledger,
      action: "policy.drafted",
      target: `policy:${input.policySetId}`,
      details: { version: v.version, hash, comment: input.comment ?? null },
    });
    return { versionId: v.id, version: v.version, unchanged: false };
  });
}

export async function addTestCase(
  caller: Caller,
  input: { policySetId: string; name: string; request: Prisma.InputJsonObject; expected: "ALLOW" | "DENY" },
) {
  return db.$transaction(async (tx) => {
    if (
      await tx.policyTestCase.findUnique({
        where: { policySetId_name: { policySetId: input.policySetId, name: input.name } },
        select: { id: true },
      })
    ) {
      throw new Invalid("A test case with that name exists.", { name: ["Choose another name"] });
    }
    const t = await tx.policyTestCase.create({ data: input, select: { id: true } });
    await appendLedger(tx, {
      actor: caller.ledger,
      action: "policy.test_added",
      target: `policy:${input.policySetId}`,
      details: { name: input.name, expected: input.expected },
    });
    return t;
  });
}

export async function deleteTestCase(caller: Caller, { testCaseId }: { testCaseId: string }) {
  return db.$transaction(async (tx) => {
    const t = await tx.policyTestCase.findUnique({
      where: { id: testCaseId },
      select: { policySetId: true, name: true },
    });
    if (!t) throw new NotFound("No such test case.");
    await tx.policyTestCase.delete({ where: { id: testCaseId } });
    await appendLedger(tx, {
      actor: caller.ledger,
      action: "policy.test_removed",
      target: `policy:${t.policySetId}`,
      details: { name: t.name },
    });
  });
}

/** Activates a version: it must validate against the schema and pass every stored test case. */
export async function activateVersion(caller: Caller, { versionId }: { versionId: string }) {
  const v = await db.policyVersion.findUnique({
    where: { id: versionId },
    select: { id: true, policySetId: true, version: true, hash: true, text: true, status: true },
  });
  if (!v) throw new NotFound("No such policy version.");
  if (v.status === "ACTIVE") throw new Conflict("This version is already active.");
  const issues = validatePolicyText(v.text);
  if (issues.length)
    throw new Invalid(
      `The policy does not validate against the schema: ${issues[0].message} (line ${issues[0].line})`,
    );
  const results = await runPolicyTests(versionId);
  const failed = results.filter((r) => !r.passed);
  if (failed.length)
    throw new Invalid(
      `${failed.length} of ${results.length} test case(s) fail: ${failed.map((f) => f.name).join(", ")}. Fix them before activating.`,
    );
  await db.$transaction(async (tx) => {
    // One activation of a set at a time (a partial unique index also allows one ACTIVE version).
    await tx.$executeRaw`SELECT 1 FROM "PolicySet" WHERE id = ${v.policySetId}::uuid FOR UPDATE`;
    const previous = await tx.policyVersion.findFirst({
      where: { policySetId: v.policySetId, status: "ACTIVE" },
      select: { id: true, version: true },
    });
    const now = new Date();
    if (previous)
      await tx.policyVersion.update({
        where: { id: previous.id },
        data: { status: "RETIRED", retiredAt: now },
      });
    const { count } = await tx.policyVersion.updateMany({
      where: { id: v.id, status: { not: "ACTIVE" } },
      data: { status: "ACTIVE", activatedAt: now, retiredAt: null },
    });
    if (count !== 1) throw new Conflict("The version changed while activating; try again.");
    await appendLedger(tx, {
      actor: caller.ledger,
      action: "policy.activated",
      target: `policy:${v.policySetId}`,
      details: {
        version: v.version,
        hash: v.hash,
        previousVersion: previous?.version ?? null,
        tests: results.length,
      },
    });
  });
  invalidateActivePolicySet();
  return { version: v.version, hash: v.hash, tests: results.length };
}
