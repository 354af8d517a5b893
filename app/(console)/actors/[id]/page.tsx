import Link from "next/link";
import { notFound } from "next/navigation";
import { AlertTriangle, KeyRound, ScrollText, ShieldCheck } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { getActorDetail, type ActorDetail } from "@/lib/inventory/detail";
import { Alert } from "@/components/ui/alert";
import { Badge, KindBadge, StatusBadge, humanize } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TimeAgo, formatDateTime } from "@/components/ui/time";
import { RiskBadge } from "../../inventory/_components/inventory-table";
import { can } from "@/lib/auth/permissions";
import { RevokeGrantButton, SuspendSwitch } from "../../requests/_components/grant-controls";

export const metadata = { title: "Actor" };

const who = (p: { id: string; displayName: string } | null | undefined) =>
  p ? (
    <Link href={`/actors/${p.id}`} className="text-indigo-700 hover:underline">
      {p.displayName}
    </Link>
  ) : null;
const day = (d: Date | null | undefined) => (d ? formatDateTime(d) : null);

function Profile({ a, rotationOverdue }: { a: ActorDetail["actor"]; rotationOverdue: boolean }) {
  const items: { label: string; value: React.ReactNode }[] = [];
  if (a.human) {
    items.push(
      { label: "Email", value: a.human.email },
      { label: "Department", value: a.human.department || null },
      { label: "Title", value: a.human.title || null },
      { label: "Manager", value: who(a.human.manager) },
      {
        label: "MFA",
        value: a.human.mfaEnrolled ? (
          <Badge tone="success">Enrolled</Badge>
        ) : (
          <Badge tone="warning">Not enrolled</Badge>
        ),
      },
      { label: "Employment", value: humanize(a.human.employmentStatus) },
      { label: "Last certified", value: day(a.human.lastCertifiedAt) },
      {
        label: "Owns / sponsors / manages",
        value: `${a._count.ownedNhis} NHIs · ${a._count.sponsoredAgents} agents · ${a._count.reports} reports`,
      },
    );
  }
  if (a.nhi) {
    const overdue = rotationOverdue;
    items.push(
      { label: "Type", value: humanize(a.nhi.nhiType) },
      {
        label: "Platform",
        value: `${a.nhi.platform}${a.nhi.platformAccount ? ` · ${a.nhi.platformAccount}` : ""}`,
      },
      { label: "Owner", value: who(a.nhi.owner) ?? <Badge tone="warning">No owner</Badge> },
      { label: "Claim status", value: <StatusBadge status={a.nhi.claimStatus} /> },
      {
        label: "Rotation period",
        value: a.nhi.rotationPeriodDays ? `${a.nhi.rotationPeriodDays} days` : null,
      },
      { label: "Last rotated", value: day(a.nhi.lastRotatedAt) },
      {
        label: "Rotation due",
        value: a.nhi.rotationDueAt ? (
          <span className={overdue ? "font-medium text-red-700" : ""}>
            {formatDateTime(a.nhi.rotationDueAt)}
            {overdue ? " (overdue)" : ""}
          </span>
        ) : null,
      },
      { label: "Expires", value: day(a.nhi.expiresAt) },
      { label: "Last used", value: a.nhi.lastUsedAt ? <TimeAgo date={a.nhi.lastUsedAt} /> : null },
      { label: "Third-party vendor", value: a.nhi.vendor },
      { label: "OAuth scopes", value: a.nhi.oauthScopes.length ? a.nhi.oauthScopes.join(" ") : null },
      { label: "Created by", value: who(a.nhi.createdBy) },
    );
  }
  if (a.agent) {
    items.push(
      { label: "Model / provider", value: `${a.agent.model} · ${a.agent.provider}` },
      { label: "Runtime", value: a.agent.runtime },
      { label: "Sponsor", value: who(a.agent.sponsor) ?? <Badge tone="warning">No sponsor</Badge> },
      { label: "Autonomy", value: humanize(a.agent.autonomyLevel) },
      { label: "Acts on behalf of", value: humanize(a.agent.onBehalfOf) },
      { label: "Max session", value: `${a.agent.maxSessionTtlMinutes} minutes` },
      { label: "Tools", value: a.agent.toolAllowList.length ? a.agent.toolAllowList.join(", ") : null },
      { label: "Last active", value: a.agent.lastActiveAt ? <TimeAgo date={a.agent.lastActiveAt} /> : null },
    );
  }
  items.push(
    { label: "Team", value: a.team?.name ?? null },
    { label: "Environment", value: humanize(a.environment) },
    { label: "Source", value: `${a.sourceSystem} · ${a.externalId}` },
    { label: "Tags", value: a.tags.length ? a.tags.join(", ") : null },
    { label: "Added", value: formatDateTime(a.createdAt) },
  );
  return <DescriptionList items={items} columns={3} />;
}

export default async function ActorPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("inventory:read");
  const admin = can(user.roles, "inventory:write");
  const detail = (await getActorDetail((await params).id)) ?? notFound();
  const { actor: a, grants, credentials, timeline, risk } = detail;
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {a.displayName} <KindBadge kind={a.kind} /> <StatusBadge status={a.status} />{" "}
            <RiskBadge score={risk.score} />
          </span>
        }
        description={`${a.externalId} from ${a.sourceSystem}`}
        actions={
          admin && (a.status === "ACTIVE" || a.status === "SUSPENDED") ? (
            <SuspendSwitch actorId={a.id} suspended={a.status === "SUSPENDED"} name={a.displayName} />
          ) : null
        }
      />
      {a.flaggedAt ? (
        <Alert tone="warning" title="Flagged: leaver" className="mb-4">
          {a.flaggedReason ?? "Its human is leaving."} (since {formatDateTime(a.flaggedAt)})
        </Alert>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>Profile</CardTitle>
          </CardHeader>
          <CardContent>
            <Profile a={a} rotationOverdue={detail.rotationOverdue} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Risk</CardTitle>
            <CardDescription>
              Score {risk.score} of 100 ({humanize(risk.band)}), from the reasons below.
            </CardDescription>
          </CardHeader>
          <CardContent>
            {risk.reasons.length ? (
              <ul className="space-y-2" aria-label="Risk reasons">
                {risk.reasons.map((r) => (
                  <li key={r.code} className="flex items-start justify-between gap-3 text-sm">
                    <span className="flex items-start gap-2">
                      <AlertTriangle className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden />
                      {r.label}
                    </span>
                    <span className="text-xs text-zinc-500 tabular-nums">+{r.points}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="flex items-center gap-2 text-sm text-zinc-600">
                <ShieldCheck className="size-4 text-emerald-600" aria-hidden /> No risk factors found.
              </p>
            )}
          </CardContent>
        </Card>
      </div>

      <Card className="mt-4">
        <CardHeader>
          <CardTitle>Grants</CardTitle>
          <CardDescription>What this actor holds, where it came from and when it ends.</CardDescription>
        </CardHeader>
        <CardContent>
          {grants.length ? (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Entitlement</TableHead>
                  <TableHead>Resource</TableHead>
                  <TableHead>Source</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Granted</TableHead>
                  <TableHead>Expires</TableHead>
                  <TableHead>Evidence</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {grants.map((g) => (
                  <TableRow key={g.id}>
                    <TableCell>
                      <Link
                        href={`/entitlements/${g.entitlement.id}`}
                        className="text-indigo-700 hover:underline"
                      >
                        {g.entitlement.name}
                      </Link>{" "}
                      {g.entitlement.privileged ? <Badge tone="danger">Privileged</Badge> : null}
                    </TableCell>
                    <TableCell>
                      <Link href={`/resources/${g.entitlement.resource.id}`} className="hover:underline">
                        {g.entitlement.resource.name}
                      </Link>
                    </TableCell>
                    <TableCell>{humanize(g.source)}</TableCell>
                    <TableCell>
                      <StatusBadge status={g.status} />
                    </TableCell>
                    <TableCell>{formatDateTime(g.grantedAt)}</TableCell>
                    <TableCell>{g.expiresAt ? formatDateTime(g.expiresAt) : "No expiry"}</TableCell>
                    <TableCell className="text-xs">
                      <span className="flex items-center gap-2">
                        <Link
                          href={`/audit/access/${g.id}`}
                          className="whitespace-nowrap text-indigo-700 hover:underline"
                        >
                          Access story{g.decisionSeq ? ` · decision #${g.decisionSeq.toString()}` : ""}
                        </Link>
                        {admin && g.status === "ACTIVE" ? (
                          <RevokeGrantButton grantId={g.id} label={g.entitlement.name} />
                        ) : null}
                      </span>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : (
            <EmptyState title="No grants" icon={ShieldCheck}>
              This actor holds no access yet. Grants arrive by request, birthright or a grants CSV import.
            </EmptyState>
          )}
        </CardContent>
      </Card>

      <div className="mt-4 grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Credentials</CardTitle>
            <CardDescription>Fingerprints only: Triad never stores a secret.</CardDescription>
          </CardHeader>
          <CardContent>
            {credentials.length ? (
              <ul className="divide-y divide-zinc-100">
                {credentials.map((c) => (
                  <li key={c.id} className="py-2 text-sm">
                    <div className="flex items-center justify-between gap-2">
                      <span className="font-medium">{c.label}</span>
                      <Badge tone={c.revokedAt ? "neutral" : "info"}>
                        {c.revokedAt ? "Revoked" : humanize(c.kind)}
                      </Badge>
                    </div>
                    <div className="font-mono text-xs text-zinc-600">{c.fingerprint}</div>
                    <div className="text-xs text-zinc-500">
                      Issued {formatDateTime(c.issuedAt)} ·{" "}
                      {c.expiresAt ? `expires ${formatDateTime(c.expiresAt)}` : "no expiry"}
                      {c.lastUsedAt ? ` · last used ${formatDateTime(c.lastUsedAt)}` : ""}
                    </div>
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState title="No credentials" icon={KeyRound}>
                No keys, certificates or tokens are recorded for this actor.
              </EmptyState>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Timeline</CardTitle>
            <CardDescription>
              This actor&apos;s entries in the tamper-evident ledger, newest first.
            </CardDescription>
          </CardHeader>
          <CardContent>
            {timeline.length ? (
              <ol className="space-y-2" aria-label="Timeline">
                {timeline.map((t) => (
                  <li key={t.seq} className="flex items-start justify-between gap-3 text-sm">
                    <div>
                      <span className="font-mono text-xs text-indigo-700">{t.action}</span>
                      <span className="ml-2 text-zinc-600">by {t.actorName ?? t.actorKind}</span>
                    </div>
                    <span className="shrink-0 text-xs text-zinc-500">
                      #{t.seq} · <TimeAgo date={t.at} />
                    </span>
                  </li>
                ))}
              </ol>
            ) : (
              <EmptyState title="No entries yet" icon={ScrollText}>
                Changes to this actor (imports, claims, rotations, reviews) appear here.
              </EmptyState>
            )}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
