import { ClipboardCheck } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { listMyQueue, myProgress, queueTable, reduceOptions } from "@/lib/campaigns/queue";
import { listConsoleReviewers, listMyRemediation } from "@/lib/campaigns/queries";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { StatusBadge } from "@/components/ui/badge";
import { ConfirmRemediation } from "../campaigns/[id]/confirm-remediation";
import { parseTableParams } from "@/lib/table/search-params";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { ReviewQueue } from "./review-queue";

export const metadata = { title: "My reviews" };

export default async function ReviewsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("campaigns:review");
  if (!user.actorId) {
    return (
      <>
        <PageHeader title="My reviews" />
        <EmptyState icon={ClipboardCheck} title="Your account is not linked to a person">
          Review items are assigned to people in the inventory; ask an admin to link your console account.
        </EmptyState>
      </>
    );
  }
  const params = parseTableParams(await searchParams, queueTable);
  const [{ rows, total, shownAt }, progress, people, removals] = await Promise.all([
    listMyQueue(user.actorId, params),
    myProgress(user.actorId),
    listConsoleReviewers(),
    listMyRemediation(user.actorId),
  ]);
  const reduce = await reduceOptions([...new Set(rows.flatMap((r) => (r.resourceId ? [r.resourceId] : [])))]);
  return (
    <>
      <PageHeader
        title="My reviews"
        description="Your items in open campaigns, most important first. Each shows what Triad knows about the access and a recommendation; the decision and its reason are yours."
      />
      {removals.length ? (
        <Card className="mb-6">
          <CardHeader>
            <CardTitle>Removals to confirm</CardTitle>
            <CardDescription>
              Reviewers revoked this access on resources you own. Triad has ended the grants; confirm the
              access is gone in the system itself.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <ul className="divide-y divide-zinc-100 text-sm">
              {removals.map((r) => (
                <li key={r.id} className="flex items-center justify-between gap-3 py-2">
                  <span>
                    {r.actor.displayName} · {r.grant?.entitlement.resource.name} {r.grant?.entitlement.name}{" "}
                    <span className="text-zinc-500">({r.campaign.name})</span>{" "}
                    <StatusBadge status={r.remediation ?? ""} />
                  </span>
                  <ConfirmRemediation itemId={r.id} />
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}
      <ReviewQueue
        rows={rows}
        total={total}
        progress={progress}
        shownAt={shownAt}
        reduceOptions={reduce}
        people={people.filter((p) => p.id !== user.actorId)}
      />
    </>
  );
}
