import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { CheckCircle2, CircleDashed, XCircle } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { isDomainError } from "@/lib/errors";
import { getRequestTimeline, mayViewRequest, type RequestTimeline } from "@/lib/requests/timeline";
import { formatMinutes } from "@/lib/requests/limits";
import { isImportAttestation } from "@/lib/import/attestation";
import { PageHeader } from "@/components/ui/page-header";
import { Badge, KindBadge, StatusBadge, humanize } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";
import { formatDateTime } from "@/components/ui/time";
import { CancelForm, DecideForm, RatifyForm, ReleaseForm } from "./decision-forms";

export const metadata = { title: "Request" };

type Entry = RequestTimeline["ledger"][number];
const seqLink = (e: Entry | undefined) =>
  e ? (
    <Link
      href={`/audit?q=${encodeURIComponent(e.target ?? "")}&cursor=${BigInt(e.seq) + 1n}`}
      className="font-mono text-xs text-indigo-700 hover:underline"
      title="Ledger entry"
    >
      ledger #{e.seq}
    </Link>
  ) : null;

export default async function RequestPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("dashboard:view");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  let t: RequestTimeline;
  try {
    t = await getRequestTimeline(id);
  } catch (error) {
    if (isDomainError(error)) notFound();
    throw error;
  }
  // Someone not on the request (and not an admin or auditor) sees the same as for an unknown id.
  if (!mayViewRequest(user, t)) notFound();
  const r = t.request;
  const find = (action: string, target?: string) =>
    t.ledger.find((e) => e.action === action && (!target || e.target === target));
  const decisionEntry = t.ledger.find((e) => e.seq === r.decisionSeq);
  const openStage = r.stages.find((s) => s.status === "OPEN");
  const canDecide =
    r.status === "PENDING" &&
    !!user.actorId &&
    can(user.roles, "requests:approve") &&
    !!openStage?.approvers.some((a) => a.open && a.approver.id === user.actorId);
  const canRatify =
    r.breakGlass &&
    !r.ratifiedAt &&
    r.requester.id !== user.actorId &&
    can(user.roles, "settings:manage") &&
    r.grants.some((g) => g.status === "ACTIVE");
  const canCancel =
    r.status === "PENDING" && r.requester.id === user.actorId && can(user.roles, "requests:create");
  const grant = r.grants[0];
  const holder = !!grant && grant.status === "ACTIVE" && r.subject.id === user.actorId;

  return (
    <>
      <PageHeader
        title={`${r.entitlement.name} for ${r.subject.displayName}`}
        description={`on ${r.entitlement.resource.name} · ${r.durationMinutes ? formatMinutes(r.durationMinutes) : "no duration"}${r.ticketRef ? ` · ticket ${r.ticketRef}` : ""}`}
        actions={
          <div className="flex items-center gap-2">
            {r.entitlement.privileged ? <Badge tone="danger">Privileged</Badge> : null}
            {r.breakGlass ? <Badge tone="warning">Break-glass</Badge> : null}
            <StatusBadge status={r.status} />
          </div>
        }
      />
      {r.breakGlass && !r.ratifiedAt ? (
        <Alert tone="warning" className="mb-4" title="Break-glass not yet ratified">
          Another admin must ratify this by {formatDateTime(r.ratifyBy)}, or the access is revoked then.
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card>
          <CardHeader>
            <CardTitle>Timeline</CardTitle>
          </CardHeader>
          <CardContent>
            <ol className="space-y-4 text-sm text-zinc-800" aria-label="Request timeline">
              <Step done title="Requested">
                <Link
                  href={`/actors/${r.requester.id}`}
                  className="font-medium text-indigo-700 hover:underline"
                >
                  {r.requester.displayName}
                </Link>{" "}
                asked on {formatDateTime(r.createdAt)}
                {r.subject.id !== r.requester.id ? (
                  <>
                    {" "}
                    for <KindBadge kind={r.subject.kind} /> {r.subject.displayName}
                  </>
                ) : null}
                : “{r.justification}” {seqLink(find("request.created"))}
              </Step>
              <Step
                done={!!r.decision}
                failed={r.decision === "DENY" && !r.breakGlass}
                title="Policy decision"
              >
                {r.decision ? (
                  <>
                    <Badge tone={r.decision === "ALLOW" ? "success" : "danger"}>{r.decision}</Badge>{" "}
                    {t.policyVersion ? (
                      <>
                        under{" "}
                        <Link
                          href={`/policies/${t.policyVersion.policySet.id}`}
                          className="text-indigo-700 hover:underline"
                        >
                          {t.policyVersion.policySet.name} v{t.policyVersion.version}
                        </Link>{" "}
                      </>
                    ) : null}
                    <span className="font-mono text-xs text-zinc-500">
                      ({r.policyVersionHash?.slice(0, 12)}…)
                    </span>{" "}
                    — {r.decisionReason}
                    {r.autoApprovedBy ? (
                      <>
                        {" "}
                        ·{" "}
                        {isImportAttestation(r.autoApprovedBy) ? "no policy asked, " : "approved by policy "}
                        <Badge tone="accent">{r.autoApprovedBy}</Badge>
                      </>
                    ) : null}{" "}
                    {seqLink(decisionEntry)}
                  </>
                ) : (
                  "Not asked."
                )}
              </Step>
              {r.stages.map((s) => (
                <Step
                  key={s.id}
                  done={s.status === "APPROVED"}
                  failed={s.status === "REJECTED" || s.status === "EXPIRED"}
                  title={`Approval stage ${s.position} (${s.mode === "ANY" ? "any one of" : "all of"})`}
                >
                  <span className="text-zinc-600">
                    {s.approvers
                      .map((a) => `${a.approver.displayName} (${humanize(a.role).toLowerCase()})`)
                      .join(", ")}{" "}
                    · <StatusBadge status={s.status} />
                    {s.deadlineAt && s.status === "OPEN"
                      ? ` · decide by ${formatDateTime(s.deadlineAt)}`
                      : ""}
                    {s.escalatedAt ? ` · escalated ${formatDateTime(s.escalatedAt)}` : ""}
                  </span>
                  <ul className="mt-1 space-y-1">
                    {r.approvals
                      .filter((a) => a.role && s.approvers.some((x) => x.approver.id === a.approver.id))
                      .map((a) => (
                        <li key={a.id}>
                          <Link
                            href={`/actors/${a.approver.id}`}
                            className="font-medium text-indigo-700 hover:underline"
                          >
                            {a.approver.displayName}
                          </Link>{" "}
                          {a.decision === "APPROVE" ? "approved" : "rejected"} on{" "}
                          {formatDateTime(a.createdAt)}
                          {a.stepUpAt ? <> after a step-up at {formatDateTime(a.stepUpAt)}</> : null}
                          {a.comment ? `: “${a.comment}”` : ""}{" "}
                          {seqLink(
                            t.ledger.find(
                              (e) =>
                                e.action.startsWith("request.approval_") &&
                                (e.details as { approverActorId?: string }).approverActorId === a.approver.id,
                            ),
                          )}
                        </li>
                      ))}
                  </ul>
                </Step>
              ))}
              {r.breakGlass ? (
                <Step done={!!r.ratifiedAt} title="Ratification by another admin">
                  {r.ratifiedAt ? (
                    <>
                      {t.ratifier?.displayName ?? "An admin"} ratified on {formatDateTime(r.ratifiedAt)}{" "}
                      {seqLink(find("request.break_glass_ratified"))}
                    </>
                  ) : (
                    <>Not ratified (deadline {formatDateTime(r.ratifyBy)}).</>
                  )}
                </Step>
              ) : null}
              <Step done={!!grant} title="Grant">
                {grant ? (
                  <>
                    <Link
                      href={`/audit/access/${grant.id}`}
                      className="font-medium text-indigo-700 hover:underline"
                    >
                      Access story
                    </Link>
                    : granted {formatDateTime(grant.grantedAt)}, expires {formatDateTime(grant.expiresAt)} ·{" "}
                    <StatusBadge status={grant.status} />{" "}
                    {seqLink(find("grant.created", `grant:${grant.id}`))}
                  </>
                ) : r.status === "PENDING" ? (
                  "Waiting for approval."
                ) : (
                  "No access was granted."
                )}
              </Step>
              {grant ? (
                <Step done={grant.status !== "ACTIVE"} title="Expiry or revocation">
                  {grant.revocations.length ? (
                    grant.revocations.map((v, i) => (
                      <span key={i}>
                        <Badge tone="danger">{humanize(v.method)}</Badge> by{" "}
                        {v.requestedBy?.displayName ?? "Triad"} on{" "}
                        {formatDateTime(v.completedAt ?? v.requestedAt)}: {v.reason}{" "}
                        {seqLink(
                          find(
                            v.method === "EXPIRY" ? "grant.expired" : "grant.revoked",
                            `grant:${grant.id}`,
                          ),
                        )}
                      </span>
                    ))
                  ) : (
                    <>Active until {formatDateTime(grant.expiresAt)}; it ends by itself then.</>
                  )}
                </Step>
              ) : null}
              {r.status === "CANCELLED" ? (
                <Step failed title="Cancelled">
                  {r.requester.displayName} withdrew the request
                  {r.decidedAt ? ` on ${formatDateTime(r.decidedAt)}` : ""}.{" "}
                  {seqLink(find("request.cancelled"))}
                </Step>
              ) : null}
              {r.status === "EXPIRED" ? (
                <Step failed title="Expired">
                  Nobody decided before the deadline. {seqLink(find("request.expired"))}
                </Step>
              ) : null}
            </ol>
          </CardContent>
        </Card>
        <div className="space-y-6">
          {canDecide ? (
            <Card>
              <CardHeader>
                <CardTitle>Your decision</CardTitle>
              </CardHeader>
              <CardContent>
                <DecideForm requestId={r.id} />
              </CardContent>
            </Card>
          ) : null}
          {canCancel ? (
            <Card>
              <CardHeader>
                <CardTitle>No longer needed?</CardTitle>
              </CardHeader>
              <CardContent className="space-y-2 text-sm text-zinc-600">
                <p>Withdraw the request; its approvers are told and it leaves their inbox.</p>
                <CancelForm requestId={r.id} />
              </CardContent>
            </Card>
          ) : null}
          {canRatify ? (
            <Card>
              <CardHeader>
                <CardTitle>Ratify</CardTitle>
              </CardHeader>
              <CardContent>
                <RatifyForm requestId={r.id} />
              </CardContent>
            </Card>
          ) : null}
          {holder && grant ? (
            <Card>
              <CardHeader>
                <CardTitle>Done early?</CardTitle>
              </CardHeader>
              <CardContent className="space-y-2 text-sm text-zinc-600">
                <p>Give the access back now instead of at its expiry.</p>
                <ReleaseForm grantId={grant.id} />
              </CardContent>
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}

function Step({
  done = false,
  failed = false,
  title,
  children,
}: {
  done?: boolean;
  failed?: boolean;
  title: string;
  children: React.ReactNode;
}) {
  const Icon = failed ? XCircle : done ? CheckCircle2 : CircleDashed;
  return (
    <li className="flex gap-3">
      <Icon
        className={
          failed
            ? "mt-0.5 size-5 shrink-0 text-red-600"
            : done
              ? "mt-0.5 size-5 shrink-0 text-emerald-600"
              : "mt-0.5 size-5 shrink-0 text-zinc-400"
        }
        aria-hidden
      />
      <div className="min-w-0">
        <h2 className="font-semibold text-zinc-900">{title}</h2>
        <div className="text-zinc-700">{children}</div>
      </div>
    </li>
  );
}
