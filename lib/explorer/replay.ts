import { db } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";
import { target } from "@/lib/ledger/actions";
import { getActivePolicySet } from "@/lib/policy/active";
import { compilePolicySet, type CompiledPolicySet } from "@/lib/policy/compile";
import { evaluate } from "@/lib/policy/pdp";
import { candidateSet } from "@/lib/policy/testing";
import type { CedarCall } from "@/lib/enforcement/decide";
import { completeCalls, loadCedar, type StoredCedarCall } from "@/lib/decisions/entities";
import { entitiesHashOf } from "@/lib/decisions/projection";
import { readOnly, recordWhere } from "./queries";
import { versionsOf } from "./detail";

// "Replay this decision": the Cedar requests the PDP evaluated (entities and context as they
// were) are evaluated again, under the decision's own policy-set version (the answers must be
// identical) and under the active set or a draft (what would change).

export type ReplayRun = {
  setHash: string;
  calls: { decision: "allow" | "deny"; policies: string[] }[];
  matches: boolean;
};
export type Replay =
  | { replayable: false; reason: string }
  | {
      replayable: true;
      recorded: ReplayRun;
      own: ReplayRun & { hashMatches: boolean; entitiesIntact: boolean };
      other: (ReplayRun & { label: string }) | null;
    };

const same = (a: { decision: string; policies: string[] }, b: { decision: string; policies: string[] }) =>
  a.decision === b.decision && [...a.policies].sort().join("\n") === [...b.policies].sort().join("\n");

function run(set: CompiledPolicySet, calls: CedarCall[]): ReplayRun {
  const answers = calls.map((c) => {
    const a = evaluate(set, c.request);
    return { decision: a.decision, policies: a.policies };
  });
  return { setHash: set.hash, calls: answers, matches: answers.every((a, i) => same(a, calls[i])) };
}

/** Replays decision `seq`; `against` is "active" or a draft policy version id. Ledgered. */
export async function replayDecision(
  seq: bigint,
  against: "active" | { draftVersionId: string },
  by: LedgerActor,
): Promise<Replay> {
  const key = await recordWhere(seq);
  const rec = await readOnly(async (c) => {
    const found = (
      await c.query<{ cedar: StoredCedarCall[] | null; policyVersion: string; entitiesHash: string | null }>(
        `SELECT d.cedar, d."policyVersion", d."entitiesHash" FROM "DecisionRecord" d WHERE ${key.where} LIMIT 1`,
        key.values,
      )
    ).rows[0];
    return found && { ...found, cedar: await loadCedar(c, found.cedar) };
  });
  if (!rec) throw new NotFound(`Decision ${seq} is not in the decision log.`);
  let result: Replay;
  const calls = rec.cedar?.length ? completeCalls(rec.cedar) : null;
  if (!rec.cedar?.length) {
    result = {
      replayable: false,
      reason:
        "Routine allows keep only the hash of their entity data; the entities themselves are kept for denies, privileged resources and agent tool calls.",
    };
  } else if (!calls) {
    result = {
      replayable: false,
      reason:
        "An entity this decision saw is missing from the entity snapshots, so it cannot be evaluated again.",
    };
  } else {
    const versions = await versionsOf(seq);
    const texts = await db.policyVersion.findMany({
      where: { hash: { in: versions.map((v) => v.hash) } },
      select: { id: true, hash: true, text: true, version: true },
    });
    const own = compilePolicySet(
      versions.flatMap((v) => {
        const t =
          texts.find((x) => x.hash === v.hash && x.version === v.version) ??
          texts.find((x) => x.hash === v.hash);
        return t ? [{ setName: v.set, versionId: t.id, version: v.version, hash: v.hash, text: t.text }] : [];
      }),
    );
    const recorded: ReplayRun = {
      setHash: rec.policyVersion,
      calls: calls.map((c) => ({ decision: c.decision, policies: c.policies })),
      matches: true,
    };
    const ownRun = run(own, calls);
    const otherSet =
      against === "active" ? await getActivePolicySet() : await candidateSet(against.draftVersionId);
    const otherRun = run(otherSet, calls);
    result = {
      replayable: true,
      recorded,
      own: {
        ...ownRun,
        hashMatches: own.hash === rec.policyVersion,
        entitiesIntact: rec.entitiesHash === null || entitiesHashOf(calls) === rec.entitiesHash,
      },
      other: { ...otherRun, label: against === "active" ? "active set" : `draft ${against.draftVersionId}` },
    };
  }
  await db.$transaction((tx) =>
    appendLedger(tx, {
      actor: by,
      action: "decision.replayed",
      target: target("decision", seq),
      details: result.replayable
        ? {
            against: result.other?.label ?? null,
            ownMatches: result.own.matches && result.own.hashMatches,
            otherMatches: result.other?.matches ?? null,
          }
        : { replayable: false },
    }),
  );
  return result;
}
