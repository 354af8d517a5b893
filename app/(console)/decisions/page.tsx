import { Download, Gavel } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { isDomainError } from "@/lib/errors";
import { filterToSearchParams, parseDecisionFilter, type DecisionFilter } from "@/lib/explorer/filter";
import { decisionFacets, decisionTimeline, listDecisions } from "@/lib/explorer/queries";
import { getDecision } from "@/lib/explorer/detail";
import { listViews } from "@/lib/explorer/views";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { DecisionsTable } from "./decisions-table";
import { FilterBar } from "./filter-bar";
import { Facets } from "./facets";
import { TimelineChart } from "./timeline-chart";
import { DecisionDrawer } from "./decision-drawer";
import { SavedViews } from "./saved-views";
import { deleteViewAction, saveViewAction } from "./actions";

export const metadata = { title: "Decisions · Triad" };

type Raw = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function parse(raw: Raw): { filter: DecisionFilter; error: string | null } {
  // The form sends its preset and the (then empty) custom range together; a preset wins here.
  const input = { ...raw };
  if (one(input.window)) {
    delete input.from;
    delete input.to;
  }
  try {
    return { filter: parseDecisionFilter(input), error: null };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return { filter: parseDecisionFilter({}), error: error.message };
  }
}

/** ?open=<decision id> or <decision id>@<epoch ms>. */
function openDecision(open: string | undefined) {
  const m = open ? /^(\d{1,18})(?:@(\d{1,15}))?$/.exec(open) : null;
  return m ? getDecision(BigInt(m[1]), m[2] ? new Date(Number(m[2])) : null) : null;
}

export default async function DecisionsPage({ searchParams }: { searchParams: Promise<Raw> }) {
  const user = await requirePageUser("decisions:read");
  const raw = await searchParams;
  const { filter, error } = parse(raw);
  const cursor = one(raw.cursor) ?? null;
  const openSeq = one(raw.open);
  const [page, timeline, facets, views, open] = await Promise.all([
    listDecisions(filter, { cursor: error ? null : cursor, size: Number(one(raw.size)) || 50 }).catch(
      (e: unknown) => {
        if (isDomainError(e)) return { rows: [], nextCursor: null, error: e.message };
        throw e;
      },
    ),
    decisionTimeline(filter),
    decisionFacets(filter),
    listViews(user.id),
    openDecision(openSeq),
  ]);
  const query = filterToSearchParams(filter).toString();
  // The row's time rides along with its id, so the drawer reads the record by its (at, seq) key.
  const hrefOf = Object.fromEntries(
    page.rows.map((r) => [
      r.seq,
      `/decisions?${filterToSearchParams(filter, { cursor, open: `${r.seq}@${Date.parse(r.at)}` })}`,
    ]),
  );
  const exportHref = (format: string) => `/api/audit/decisions?${filterToSearchParams(filter, { format })}`;
  const pageError = error ?? ("error" in page ? page.error : null);

  return (
    <>
      <PageHeader
        title="Decisions"
        description="Every allow and deny of the decision API: search by time, subject, agent, on-behalf-of human, policy, client, reason or trace; open one to see why."
        actions={
          can(user.roles, "audit:export") ? (
            <div className="flex gap-2">
              {(["jsonl", "csv", "ocsf"] as const).map((f) => (
                <ButtonLink key={f} href={exportHref(f)} variant="outline" size="sm" prefetch={false}>
                  <Download className="size-4" aria-hidden />{" "}
                  {f === "jsonl" ? "JSON Lines" : f === "csv" ? "CSV" : "OCSF"}
                </ButtonLink>
              ))}
            </div>
          ) : null
        }
      />
      {pageError ? (
        <Alert tone="warning" title="That filter could not be used" className="mb-4">
          {pageError}
        </Alert>
      ) : null}
      <FilterBar filter={filter} />
      <div className="grid gap-6 lg:grid-cols-[220px_1fr]">
        <div className="space-y-6">
          <Facets filter={filter} facets={facets.facets} total={facets.total} ignored={facets.ignored} />
          <SavedViews views={views} query={query} save={saveViewAction} remove={deleteViewAction} />
        </div>
        <div className="min-w-0 space-y-4">
          <div className="rounded-lg border border-zinc-200 bg-white p-4">
            <h2 className="mb-2 text-sm font-semibold text-zinc-900">
              Allows and denies per{" "}
              {timeline.bucketHours === 1
                ? "hour"
                : timeline.bucketHours === 24
                  ? "day"
                  : `${timeline.bucketHours} hours`}
            </h2>
            <TimelineChart buckets={timeline.buckets} bucketHours={timeline.bucketHours} />
          </div>
          <DecisionsTable
            rows={page.rows}
            nextCursor={page.nextCursor}
            hrefOf={hrefOf}
            emptyState={
              <EmptyState icon={Gavel} title="No decisions in this window">
                Widen the window or remove a filter. Decisions appear here as the decision API answers them.
              </EmptyState>
            }
          />
        </div>
      </div>
      {open ? (
        <DecisionDrawer d={open} closeHref={`/decisions?${filterToSearchParams(filter, { cursor })}`} />
      ) : null}
    </>
  );
}
