import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";

export function listPolicySets() {
  return db.policySet.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      description: true,
      _count: { select: { testCases: true, versions: true } },
      versions: {
        orderBy: { version: "desc" },
        take: 1,
        select: { version: true, status: true, createdAt: true },
      },
    },
  });
}

export async function getActiveVersionsSummary() {
  return db.policyVersion.findMany({
    where: { status: "ACTIVE" },
    select: {
      id: true,
      version: true,
      hash: true,
      activatedAt: true,
      policySet: { select: { id: true, name: true } },
    },
  });
}

/** A set with its versions (newest first) and test cases; null for an unknown or malformed id. */
export async function getPolicySet(id: string) {
  if (!isUuid(id)) return null;
  const set = await db.policySet.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      description: true,
      versions: {
        orderBy: { version: "desc" },
        select: {
          id: true,
          version: true,
          hash: true,
          status: true,
          comment: true,
          createdAt: true,
          activatedAt: true,
          retiredAt: true,
          createdBy: { select: { name: true } },
        },
      },
      testCases: {
        orderBy: { createdAt: "asc" },
        select: { id: true, name: true, request: true, expected: true },
      },
    },
  });
  return set && set.versions.length > 0 ? set : null;
}

/** One version of one set; null when either id is unknown or malformed, or they do not match. */
export async function getPolicyVersion(policySetId: string, versionId: string) {
  if (!isUuid(policySetId) || !isUuid(versionId)) return null;
  return db.policyVersion.findFirst({
    where: { id: versionId, policySetId },
    select: { id: true, version: true, hash: true, text: true, status: true, policySetId: true },
  });
}

/** The texts of some versions of a set (the one shown, and the one it is compared with). */
export async function getVersionTexts(policySetId: string, versions: number[]): Promise<Map<number, string>> {
  // Versions come from the address (?version=, ?diff=): only ones an int column can hold are asked.
  const asked = versions.filter((v) => Number.isInteger(v) && v > 0 && v <= 2_147_483_647);
  const rows = await db.policyVersion.findMany({
    where: { policySetId, version: { in: asked } },
    select: { version: true, text: true },
  });
  return new Map(rows.map((r) => [r.version, r.text]));
}
