import { db } from "@/lib/db";

export function listPolicySets() {
  return db.policySet.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      description: true,
      _count: { select: { testCases: true, versions: true } },
      versions: { orderBy: { version: "desc" }, take: 1, select: { version: true, status: true, createdAt: true } },
    },
  });
}

export async function getActiveVersionsSummary() {
  return db.policyVersion.findMany({ where: { status: "ACTIVE" }, select: { id: true, version: true, hash: true, activatedAt: true, policySet: { select: { id: true, name: true } } } });
}

export function getPolicySet(id: string) {
  return db.policySet.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      description: true,
      versions: { orderBy: { version: "desc" }, select: { id: true, version: true, hash: true, status: true, comment: true, createdAt: true, activatedAt: true, retiredAt: true, createdBy: { select: { name: true } } } },
      testCases: { orderBy: { createdAt: "asc" }, select: { id: true, name: true, request: true, expected: true } },
    },
  });
}

export function getPolicyVersion(id: string) {
  return db.policyVersion.findUnique({ where: { id }, select: { id: true, version: true, hash: true, text: true, status: true, policySetId: true } });
}
