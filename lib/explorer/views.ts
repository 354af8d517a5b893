import { db } from "@/lib/db";
import { Conflict, NotFound } from "@/lib/errors";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";
import { target } from "@/lib/ledger/actions";
import { parseDecisionFilter, filterToSearchParams } from "./filter";

// Saved explorer views, per user: a name and the filter's query string (validated by the grammar
// when saved, so a saved view always opens).

export const MAX_VIEWS_PER_USER = 50;

export function listViews(userId: string) {
  return db.explorerView.findMany({
    where: { userId },
    orderBy: { name: "asc" },
    take: MAX_VIEWS_PER_USER,
    select: { id: true, name: true, query: true },
  });
}

export async function saveView(userId: string, name: string, query: string, by: LedgerActor) {
  const canonical = filterToSearchParams(parseDecisionFilter(new URLSearchParams(query))).toString();
  return db.$transaction(async (tx) => {
    if ((await tx.explorerView.count({ where: { userId } })) >= MAX_VIEWS_PER_USER)
      throw new Conflict(`You can keep at most ${MAX_VIEWS_PER_USER} views; delete one first.`);
    const view = await tx.explorerView.upsert({
      where: { userId_name: { userId, name } },
      create: { userId, name, query: canonical },
      update: { query: canonical },
      select: { id: true },
    });
    await appendLedger(tx, {
      actor: by,
      action: "decision.view_saved",
      target: target("explorer_view", view.id),
      details: { name, query: canonical },
    });
    return view;
  });
}

export async function deleteView(userId: string, id: string, by: LedgerActor) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.explorerView.deleteMany({ where: { id, userId } });
    if (!count) throw new NotFound("That view does not exist.");
    await appendLedger(tx, {
      actor: by,
      action: "decision.view_deleted",
      target: target("explorer_view", id),
    });
  });
}
