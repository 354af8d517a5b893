import { notFound } from "next/navigation";
import { CheckCircle2, Circle, CircleDot } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getLifecycle } from "@/lib/retirement/queries";
import { listCredentialRotation } from "@/lib/rotation/queries";
import { STEP_LABELS } from "@/lib/retirement/steps";
import { completeRetirementStepAction, startRetirementAction } from "@/lib/retirement/actions";
import { markRotatedAction } from "@/lib/rotation/actions";
import { addCoOwnerAction, removeCoOwnerAction } from "@/lib/ownership/actions";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge, KindBadge, StatusBadge } from "@/components/ui/badge";
import { DescriptionList } from "@/components/ui/description-list";
import { Alert } from "@/components/ui/alert";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TimeAgo, formatDateTime } from "@/components/ui/time";
import { MarkRotated } from "../../rotation/mark-rotated";
import { CompleteStep, StartRetirement } from "./retire-forms";
import { AddCoOwner, RemoveCoOwner } from "./co-owner-forms";

export const metadata = { title: "Identity lifecycle" };

const BUCKET_TONE = {
  OVERDUE: "danger",
  DUE_7: "warning",
  DUE_30: "info",
  OK: "success",
  REVOKED: "neutral",
} as const;

export default async function LifecyclePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("inventory:read");
  const { id } = await params;
  const life = (await getLifecycle(id)) ?? notFound();
  const { actor, retirement } = life;
  const rotation = actor.nhi ? await listCredentialRotation(id) : { maxAgeDays: null, credentials: [] };
  const isOwner = Boolean(
    user.actorId &&
    (actor.nhi?.owner?.id === user.actorId ||
      actor.agent?.sponsor?.id === user.actorId ||
      actor.coOwners.some((c) => c.owner.id === user.actorId)),
  );
  const isAdmin = can(user.roles, "ownership:approve");
  const mayRetire = can(user.roles, "nhi:retire") && (isOwner || isAdmin);
  const mayRotate = can(user.roles, "nhi:rotate") && (isOwner || isAdmin);
  const mayShare = can(user.roles, "ownership:transfer") && (isOwner || isAdmin);
  const owner = actor.nhi?.owner ?? actor.agent?.sponsor ?? null;
  const pending = actor.nhi?.pendingOwner ?? actor.agent?.pendingSponsor ?? null;

  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            {actor.displayName} <KindBadge kind={actor.kind} /> <StatusBadge status={actor.status} />
          </span>
        }
        description={
          actor.nhi
            ? `${actor.nhi.nhiType.replaceAll("_", " ").toLowerCase()} on ${actor.nhi.platform}${actor.nhi.platformAccount ? ` / ${actor.nhi.platformAccount}` : ""} · ${actor.sourceSystem}:${actor.externalId}`
            : `${actor.agent?.provider} ${actor.agent?.model} · ${actor.sourceSystem}:${actor.externalId}`
        }
      />
      {actor.flaggedReason ? (
        <Alert tone="warning" className="mb-4" title="Flagged">
          {actor.flaggedReason}
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Ownership</CardTitle>
          </CardHeader>
          <CardContent>
            <DescriptionList
              items={[
                {
                  label: actor.kind === "AGENT" ? "Sponsor" : "Owner",
                  value: owner ? (
                    <span data-testid="owner-name">{owner.displayName}</span>
                  ) : (
                    <Badge tone="danger">None</Badge>
                  ),
                },
                ...(actor.nhi
                  ? [
                      {
                        label: "Owner since",
                        value: actor.nhi.ownerSince && owner ? formatDateTime(actor.nhi.ownerSince) : "—",
                      },
                      { label: "Claim status", value: <StatusBadge status={actor.nhi.claimStatus} /> },
                    ]
                  : []),
                { label: "Pending owner", value: pending ? `${pending.displayName} (must accept)` : "—" },
                { label: "Team", value: actor.team?.name ?? "—" },
                ...(actor.nhi
                  ? [{ label: "Created by", value: actor.nhi.createdBy?.displayName ?? "unknown" }]
                  : []),
              ]}
            />
            <div className="mt-4">
              <div className="mb-2 text-xs font-medium tracking-wide text-zinc-500 uppercase">Co-owners</div>
              {actor.coOwners.length === 0 ? (
                <p className="text-sm text-zinc-500">None.</p>
              ) : (
                <ul className="space-y-1 text-sm">
                  {actor.coOwners.map((c) => (
                    <li key={c.owner.id} className="flex items-center justify-between">
                      <span>
                        {c.owner.displayName}{" "}
                        <span className="text-xs text-zinc-500">since {formatDateTime(c.addedAt)}</span>
                      </span>
                      {mayShare && actor.kind === "NHI" ? (
                        <RemoveCoOwner actorId={actor.id} ownerId={c.owner.id} action={removeCoOwnerAction} />
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
              {mayShare && actor.kind === "NHI" && actor.status !== "RETIRED" ? (
                <AddCoOwner actorId={actor.id} action={addCoOwnerAction} />
              ) : null}
            </div>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Rotation</CardTitle>
            {rotation.maxAgeDays ? (
              <CardDescription>Maximum credential age: {rotation.maxAgeDays} days.</CardDescription>
            ) : null}
          </CardHeader>
          <CardContent>
            {actor.nhi ? (
              <DescriptionList
                items={[
                  {
                    label: "Last rotated",
                    value: actor.nhi.lastRotatedAt ? (
                      <span>
                        {formatDateTime(actor.nhi.lastRotatedAt)}
                        {life.lastRotatedBy ? ` by ${life.lastRotatedBy}` : ""}
                      </span>
                    ) : (
                      <Badge tone="warning">Never</Badge>
                    ),
                  },
                  {
                    label: "Next due",
                    value: actor.nhi.rotationDueAt ? <TimeAgo date={actor.nhi.rotationDueAt} /> : "—",
                  },
                  {
                    label: "Expires",
                    value: actor.nhi.expiresAt ? formatDateTime(actor.nhi.expiresAt) : "—",
                  },
                  {
                    label: "Last used",
                    value: actor.nhi.lastUsedAt ? <TimeAgo date={actor.nhi.lastUsedAt} /> : "—",
                  },
                ]}
              />
            ) : (
              <p className="text-sm text-zinc-500">
                Agents obtain short-lived tokens; they hold no static credential to rotate.
              </p>
            )}
            {mayRotate && actor.nhi && actor.status !== "RETIRED" ? (
              <div className="mt-4">
                <MarkRotated actorId={actor.id} name={actor.displayName} action={markRotatedAction} />
              </div>
            ) : null}
          </CardContent>
        </Card>
      </div>

      {rotation.credentials.length > 0 ? (
        <Card className="mt-6">
          <CardHeader>
            <CardTitle>Credentials</CardTitle>
            <CardDescription>Fingerprints only; Triad never stores a secret.</CardDescription>
          </CardHeader>
          <CardContent>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Label</TableHead>
                  <TableHead>Kind</TableHead>
                  <TableHead>Fingerprint</TableHead>
                  <TableHead>Issued</TableHead>
                  <TableHead>Due</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rotation.credentials.map((c) => (
                  <TableRow key={c.id}>
                    <TableCell>{c.label}</TableCell>
                    <TableCell className="text-xs">{c.kind.replaceAll("_", " ").toLowerCase()}</TableCell>
                    <TableCell className="font-mono text-xs">{c.fingerprint}</TableCell>
                    <TableCell>{formatDateTime(c.issuedAt)}</TableCell>
                    <TableCell>
                      <Badge tone={BUCKET_TONE[c.bucket]}>
                        {c.bucket === "REVOKED"
                          ? `revoked ${formatDateTime(c.revokedAt)}`
                          : c.dueAt
                            ? formatDateTime(c.dueAt)
                            : "short-lived"}
                      </Badge>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      ) : null}

      <Card className="mt-6" data-testid="retirement">
        <CardHeader>
          <CardTitle>Retirement</CardTitle>
          <CardDescription>
            Triad drives and records each step, in order; the identity reaches RETIRED only when every step is
            done.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {!retirement.started ? (
            actor.status === "RETIRED" ? (
              <p className="text-sm text-zinc-500">Retired without a recorded checklist.</p>
            ) : mayRetire ? (
              <StartRetirement actorId={actor.id} action={startRetirementAction} />
            ) : (
              <p className="text-sm text-zinc-500">
                Only the owner or a security admin can retire this identity.
              </p>
            )
          ) : (
            <ol className="space-y-3">
              {retirement.steps.map(({ step, row }, i) => {
                const done = Boolean(row?.completedAt);
                const isNext = retirement.next === step;
                const Icon = done ? CheckCircle2 : isNext ? CircleDot : Circle;
                return (
                  <li
                    key={step}
                    className={`rounded-md border p-3 ${done ? "border-emerald-200 bg-emerald-50/40" : isNext ? "border-indigo-200 bg-indigo-50/30" : "border-zinc-200"}`}
                    data-testid={`step-${step}`}
                  >
                    <div className="flex items-start justify-between gap-4">
                      <div className="flex items-start gap-2">
                        <Icon
                          className={`mt-0.5 size-4 ${done ? "text-emerald-600" : isNext ? "text-indigo-600" : "text-zinc-500"}`}
                          aria-hidden
                        />
                        <div>
                          <div className="font-medium">
                            {i + 1}. {STEP_LABELS[step].title}
                          </div>
                          <div className="text-sm text-zinc-600">{STEP_LABELS[step].help}</div>
                          {done ? (
                            <div className="mt-1 text-xs text-zinc-600" data-testid={`step-${step}-done`}>
                              Done {formatDateTime(row!.completedAt)} by{" "}
                              {row!.requestedBy?.displayName ?? "a security admin"} · requested{" "}
                              {formatDateTime(row!.requestedAt)}
                              {row!.evidence ? (
                                <div className="mt-0.5">
                                  Evidence: <span className="break-all text-zinc-800">{row!.evidence}</span>
                                </div>
                              ) : null}
                            </div>
                          ) : null}
                        </div>
                      </div>
                      {isNext && mayRetire ? (
                        <CompleteStep
                          actorId={actor.id}
                          step={step}
                          needsEvidence={step === "CONFIRM_TARGET"}
                          action={completeRetirementStepAction}
                        />
                      ) : !done ? (
                        <Badge>waiting</Badge>
                      ) : null}
                    </div>
                  </li>
                );
              })}
            </ol>
          )}
          {retirement.started && retirement.itemRevocations > 0 ? (
            <p className="mt-3 text-xs text-zinc-500">
              {retirement.itemRevocations} credential and grant revocation(s) recorded by the checklist.
            </p>
          ) : null}
        </CardContent>
      </Card>
    </>
  );
}
