import { db } from "@/lib/db";
import { decide } from "@/lib/enforcement/decide";
import { isDomainError } from "@/lib/errors";
import { compilePolicySet, type CompiledPolicySet } from "./compile";
import { loadActiveVersions } from "./active";
import { testRequestSchema } from "./schemas";

// "What would be active": the other sets' active versions plus this version for its set.
export async function candidateSet(versionId: string): Promise<CompiledPolicySet> {
  const v = await db.policyVersion.findUniqueOrThrow({
    where: { id: versionId },
    select: {
      id: true,
      version: true,
      hash: true,
      text: true,
      policySetId: true,
      policySet: { select: { name: true } },
    },
  });
  const others = (await loadActiveVersions()).filter((a) => a.setName !== v.policySet.name);
  return compilePolicySet([
    ...others,
    { setName: v.policySet.name, versionId: v.id, version: v.version, hash: v.hash, text: v.text },
  ]);
}

export type TestResult = {
  id: string;
  name: string;
  expected: "ALLOW" | "DENY";
  actual: "ALLOW" | "DENY" | "ERROR";
  passed: boolean;
  reason: string;
  policies: string[];
};

/** Runs the set's stored test cases against a version (inline subjects/resources allowed). */
export async function runPolicyTests(versionId: string): Promise<TestResult[]> {
  const v = await db.policyVersion.findUniqueOrThrow({
    where: { id: versionId },
    select: { policySetId: true },
  });
  const set = await candidateSet(versionId);
  const cases = await db.policyTestCase.findMany({
    where: { policySetId: v.policySetId },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, request: true, expected: true },
  });
  const results: TestResult[] = [];
  for (const c of cases) {
    const parsed = testRequestSchema.safeParse(c.request);
    if (!parsed.success) {
      results.push({
        id: c.id,
        name: c.name,
        expected: c.expected,
        actual: "ERROR",
        passed: false,
        reason: "stored request is malformed",
        policies: [],
      });
      continue;
    }
    try {
      const o = await decide(parsed.data, { set, inline: true });
      const actual = o.decision === "allow" ? "ALLOW" : "DENY";
      results.push({
        id: c.id,
        name: c.name,
        expected: c.expected,
        actual,
        passed: actual === c.expected,
        reason: o.reason,
        policies: o.policies,
      });
    } catch (e) {
      results.push({
        id: c.id,
        name: c.name,
        expected: c.expected,
        actual: "ERROR",
        passed: false,
        reason: isDomainError(e) ? e.message : "evaluation failed",
        policies: [],
      });
    }
  }
  return results;
}
