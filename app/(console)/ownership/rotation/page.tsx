import Link from "next/link";
import { RotateCw } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { callerOf } from "@/lib/ownership/caller";
import { listRotationBoard, listRotationPolicies } from "@/lib/rotation/queries";
import { boardFilterSchema } from "@/lib/rotation/schemas";
import { DEFAULT_MAX_AGE_DAYS } from "@/lib/rotation/due";
import {
  deleteRotationPolicyAction,
  markRotatedAction,
  setRotationPolicyAction,
} from "@/lib/rotation/actions";
import { PageHeader } from "@/components/ui/page-header";
import { LinkTabs } from "@/components/ui/tabs";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time";
import { MarkRotated } from "./mark-rotated";
import { PolicyForm, DeletePolicy } from "./policy-form";

export const metadata = { title: "Rotation board" };

const BUCKET_TONE = { OVERDUE: "danger", DUE_7: "warning", DUE_30: "info", OK: "success" } as const;
const BUCKET_LABEL = {
  OVERDUE: "Overdue",
  DUE_7: "Due ≤ 7 days",
  DUE_30: "Due ≤ 30 days",
  OK: "OK",
} as const;

export default async function RotationPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("inventory:read");
  const isAdmin = can(user.roles, "ownership:approve");
  const filter = boardFilterSchema.parse(await searchParams);
  if (!isAdmin) filter.scope = "mine";
  const caller = callerOf(user);
  const [board, policies] = await Promise.all([listRotationBoard(caller, filter), listRotationPolicies()]);
  const href = (over: Partial<typeof filter>) => {
    const p = new URLSearchParams({
      bucket: filter.bucket,
      scope: filter.scope,
      ...Object.fromEntries(Object.entries(over).map(([k, v]) => [k, String(v)])),
    });
    if (!("page" in over)) p.delete("page");
    return `/ownership/rotation?${p}`;
  };
  const pages = Math.max(1, Math.ceil(board.total / filter.size));
  const canRotate = can(user.roles, "nhi:rotate");
  return (
    <>
      <PageHeader
        title="Rotation board"
        description={
          filter.scope === "all"
            ? "Every NHI's credential age against its rotation policy."
            : "Credentials of the NHIs you own or co-own, against their rotation policy."
        }
        actions={
          isAdmin ? (
            <div className="flex gap-1">
              <ButtonLink
                size="sm"
                variant={filter.scope === "mine" ? "primary" : "outline"}
                href={href({ scope: "mine" })}
              >
                Mine
              </ButtonLink>
              <ButtonLink
                size="sm"
                variant={filter.scope === "all" ? "primary" : "outline"}
                href={href({ scope: "all" })}
              >
                All NHIs
              </ButtonLink>
            </div>
          ) : null
        }
      />
      <LinkTabs
        tabs={[
          {
            href: href({ bucket: "overdue" }),
            label: "Overdue",
            active: filter.bucket === "overdue",
            count: board.counts.overdue,
          },
          {
            href: href({ bucket: "due7" }),
            label: "Due in 7 days",
            active: filter.bucket === "due7",
            count: board.counts.due7,
          },
          {
            href: href({ bucket: "due30" }),
            label: "Due in 30 days",
            active: filter.bucket === "due30",
            count: board.counts.due30,
          },
          {
            href: href({ bucket: "never" }),
            label: "Never rotated",
            active: filter.bucket === "never",
            count: board.counts.never,
          },
          { href: href({ bucket: "all" }), label: "All", active: filter.bucket === "all" },
        ]}
      />
      {board.rows.length === 0 ? (
        <EmptyState
          icon={RotateCw}
          title={filter.bucket === "overdue" ? "Nothing is overdue" : "Nothing in this list"}
        >
          {filter.scope === "mine"
            ? "Only NHIs you own or co-own are listed. Claim the ones your services use from the claim queue."
            : "Every credential is within its rotation policy."}
        </EmptyState>
      ) : (
        <div className="rounded-lg border border-zinc-200 bg-white">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>NHI</TableHead>
                <TableHead>Owner</TableHead>
                <TableHead>Last rotated</TableHead>
                <TableHead>Due</TableHead>
                <TableHead className="text-right">Credentials</TableHead>
                <TableHead className="text-right">Action</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {board.rows.map((r) => (
                <TableRow key={r.id} data-testid={`rotation-${r.name}`}>
                  <TableCell>
                    <Link href={`/ownership/retire/${r.id}`} className="font-medium hover:underline">
                      {r.name}
                    </Link>
                    <div className="text-xs text-zinc-500">
                      {r.nhiType.replaceAll("_", " ").toLowerCase()} · {r.platform}
                    </div>
                  </TableCell>
                  <TableCell>{r.owner ?? <Badge tone="danger">No owner</Badge>}</TableCell>
                  <TableCell>
                    {r.lastRotatedAt ? (
                      <TimeAgo date={r.lastRotatedAt} />
                    ) : (
                      <Badge tone="warning">Never</Badge>
                    )}
                  </TableCell>
                  <TableCell>
                    <div className="flex items-center gap-2">
                      <Badge tone={BUCKET_TONE[r.bucket]}>{BUCKET_LABEL[r.bucket]}</Badge>
                      {r.dueAt ? <TimeAgo date={r.dueAt} className="text-xs text-zinc-500" /> : null}
                    </div>
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{r.credentials}</TableCell>
                  <TableCell className="text-right">
                    {canRotate ? (
                      <MarkRotated actorId={r.id} name={r.name} action={markRotatedAction} />
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <div className="flex items-center justify-between border-t border-zinc-200 px-4 py-2 text-sm text-zinc-600">
            <span>
              {((filter.page - 1) * filter.size + 1).toLocaleString("en-US")}–
              {Math.min(filter.page * filter.size, board.total).toLocaleString("en-US")} of{" "}
              {board.total.toLocaleString("en-US")}
            </span>
            <div className="flex gap-2">
              {filter.page > 1 ? (
                <ButtonLink size="sm" href={href({ page: filter.page - 1 })}>
                  Previous
                </ButtonLink>
              ) : null}
              {filter.page < pages ? (
                <ButtonLink size="sm" href={href({ page: filter.page + 1 })}>
                  Next
                </ButtonLink>
              ) : null}
            </div>
          </div>
        </div>
      )}
      <Card className="mt-6">
        <CardHeader>
          <CardTitle>Rotation policies</CardTitle>
          <CardDescription>
            Maximum credential age per NHI type and platform. The most specific policy wins (type + platform,
            then type, then platform, then “any”); an NHI&apos;s own rotation period overrides them. Without
            any policy: {DEFAULT_MAX_AGE_DAYS} days.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {policies.length === 0 ? (
            <p className="mb-4 text-sm text-zinc-500">No policies yet.</p>
          ) : (
            <Table className="mb-4">
              <TableHeader>
                <TableRow>
                  <TableHead>NHI type</TableHead>
                  <TableHead>Platform</TableHead>
                  <TableHead className="text-right">Max age</TableHead>
                  {isAdmin ? <TableHead className="w-24" /> : null}
                </TableRow>
              </TableHeader>
              <TableBody>
                {policies.map((p) => (
                  <TableRow key={p.id}>
                    <TableCell>{p.nhiType?.replaceAll("_", " ").toLowerCase() ?? "any"}</TableCell>
                    <TableCell>{p.platform ?? "any"}</TableCell>
                    <TableCell className="text-right tabular-nums">{p.maxAgeDays} days</TableCell>
                    {isAdmin ? (
                      <TableCell className="text-right">
                        <DeletePolicy id={p.id} action={deleteRotationPolicyAction} />
                      </TableCell>
                    ) : null}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          {isAdmin ? <PolicyForm action={setRotationPolicyAction} /> : null}
        </CardContent>
      </Card>
    </>
  );
}
