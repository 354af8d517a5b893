import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { decide } from "@/lib/enforcement/decide";
import { kindOfSubjectType } from "@/lib/enforcement/load";
import { knownActions } from "@/lib/policy/cedar";
import { getActivePolicySet } from "@/lib/policy/active";
import { decisionWriter, type GroupCommit } from "./group-commit";
import type { Caller } from "./record";
import type { Evaluation } from "./schemas";

// AuthZEN search APIs (subject / resource / action): "which X would be allowed?". Candidates are
// walked in id order, SCAN_WINDOW per call, each evaluated like a single decision; the page
// token is the last id scanned. One ledger entry (decision.searched) records each search and
// its result count before the answer leaves; if it cannot be written the results are empty.

const SCAN_WINDOW = 500;
const ref = (e: { type: string; id: string }) => ({ type: e.type, id: e.id });
export type Page = { token?: string; limit?: number };
export type SearchAnswer<T> = { results: T[]; page: { next_token: string; count: number } };

const allowed = async (e: Evaluation, set: Awaited<ReturnType<typeof getActivePolicySet>>) =>
  (await decide(e, { set })).decision === "allow";

async function logged<T>(
  caller: Caller,
  kind: string,
  summary: Prisma.InputJsonObject,
  answer: SearchAnswer<T>,
  writer: GroupCommit,
): Promise<SearchAnswer<T>> {
  const seq = await writer.append({
    event: {
      actor: { id: caller.id, kind: "API_CLIENT", name: caller.name },
      action: "decision.searched",
      target: null,
      details: {
        client: caller.name,
        search: kind,
        ...summary,
        count: answer.results.length,
        policyVersion: (await getActivePolicySet()).hash,
      } as Prisma.InputJsonObject,
    },
  });
  return seq === null ? { results: [], page: { next_token: "", count: 0 } } : answer;
}

export async function searchActions(
  caller: Caller,
  req: Omit<Evaluation, "action">,
  writer: GroupCommit = decisionWriter(),
) {
  const set = await getActivePolicySet();
  const results: { name: string }[] = [];
  for (const name of knownActions())
    if (await allowed({ ...req, action: { name } }, set)) results.push({ name });
  const answer = { results, page: { next_token: "", count: results.length } };
  return logged(caller, "action", { subject: ref(req.subject), resource: ref(req.resource) }, answer, writer);
}

export async function searchResources(
  caller: Caller,
  req: Omit<Evaluation, "resource"> & { resource: { type: string } },
  page: Page,
  writer: GroupCommit = decisionWriter(),
) {
  const set = await getActivePolicySet();
  const limit = Math.min(page.limit ?? 50, 200);
  const type = req.resource.type.toLowerCase();
  const after = page.token ?? "";
  let ids: string[] = [];
  if (type === "entitlement")
    ids = (
      await db.entitlement.findMany({
        where: after ? { id: { gt: after } } : {},
        orderBy: { id: "asc" },
        take: SCAN_WINDOW,
        select: { id: true },
      })
    ).map((r) => r.id);
  else if (type === "resource" || type === "tool") {
    ids = (
      await db.resource.findMany({
        where: {
          ...(after ? { id: { gt: after } } : {}),
          ...(type === "tool" ? { kind: "TOOL" as const } : {}),
        },
        orderBy: { id: "asc" },
        take: SCAN_WINDOW,
        select: { id: true },
      })
    ).map((r) => r.id);
  } else {
    return { results: [], page: { next_token: "", count: 0 } };
  }
  const verdicts = await Promise.all(
    ids.map((id) =>
      allowed(
        { subject: req.subject, action: req.action, resource: { type, id }, context: req.context },
        set,
      ),
    ),
  );
  const results: { type: string; id: string }[] = [];
  let last = "";
  for (let i = 0; i < ids.length && results.length < limit; i++) {
    last = ids[i];
    if (verdicts[i]) results.push({ type, id: ids[i] });
  }
  const more = last !== "" && (last !== ids[ids.length - 1] || ids.length === SCAN_WINDOW);
  const answer = { results, page: { next_token: more ? last : "", count: results.length } };
  return logged(
    caller,
    "resource",
    { subject: ref(req.subject), action: req.action.name, resourceType: type },
    answer,
    writer,
  );
}

export async function searchSubjects(
  caller: Caller,
  req: Omit<Evaluation, "subject"> & { subject: { type: string } },
  page: Page,
  writer: GroupCommit = decisionWriter(),
) {
  const set = await getActivePolicySet();
  const limit = Math.min(page.limit ?? 50, 200);
  const kind = kindOfSubjectType(req.subject.type);
  const after = page.token ?? "";
  const ids = (
    await db.actor.findMany({
      where: { kind, status: "ACTIVE", ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take: SCAN_WINDOW,
      select: { id: true },
    })
  ).map((r) => r.id);
  const verdicts = await Promise.all(
    ids.map((id) =>
      allowed(
        {
          subject: { type: req.subject.type, id },
          action: req.action,
          resource: req.resource,
          context: req.context,
        },
        set,
      ),
    ),
  );
  const results: { type: string; id: string }[] = [];
  let last = "";
  for (let i = 0; i < ids.length && results.length < limit; i++) {
    last = ids[i];
    if (verdicts[i]) results.push({ type: req.subject.type, id: ids[i] });
  }
  const more = last !== "" && (last !== ids[ids.length - 1] || ids.length === SCAN_WINDOW);
  const answer = { results, page: { next_token: more ? last : "", count: results.length } };
  return logged(
    caller,
    "subject",
    { subjectType: req.subject.type, action: req.action.name, resource: ref(req.resource) },
    answer,
    writer,
  );
}
