import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CheckCircle2, CircleDashed } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { getAccessStory } from "@/lib/audit/access-story";
import { PageHeader } from "@/components/ui/page-header";
import { Badge, KindBadge, StatusBadge, humanize } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/time";
import { can } from "@/lib/auth/permissions";
import { isImportAttestation } from "@/lib/import/attestation";
import { RevokeGrantButton } from "../../../requests/_components/grant-controls";

export const metadata: Metadata = { title: "Access story · Triad" };

export default async function AccessStoryPage({ params }: { params: Promise<{ grantId: string }> }) {
  // Whoever may see an actor's grants may see how each came about.
  const user = await requirePageUser("inventory:read");
  const { grantId } = await params;
  const story = (await getAccessStory(grantId)) ?? notFound();
  const { grant } = story;
  const attested =
    grant.source === "IMPORT" && isImportAttestation(grant.request?.autoApprovedBy)
      ? grant.request!.autoApprovedBy
      : null;
  const resource = grant.entitlement.resource;

  return (
    <>
      <PageHeader
        title={`${grant.actor.displayName} → ${resource.name} · ${grant.entitlement.name}`}
        description="The auditor's five questions about this access, answered from stored records only."
        actions={
          <span className="flex items-center gap-2">
            <StatusBadge status={grant.status} />
            {grant.status === "ACTIVE" && can(user.roles, "inventory:write") ? (
              <RevokeGrantButton grantId={grant.id} label={grant.entitlement.name} />
            ) : null}
          </span>
        }
      />
      <ol className="space-y-4">
        <Question
          n={1}
          title="Who requested it?"
          answered={Boolean(grant.request) || grant.source !== "REQUEST"}
        >
          {grant.request ? (
            <p>
              <ActorLink actor={grant.request.requester} /> asked on {formatDateTime(grant.request.createdAt)}
              {grant.request.requester.id !== grant.actor.id ? (
                <>
                  {" "}
                  on behalf of <ActorLink actor={grant.actor} />
                </>
              ) : null}
              : “{grant.request.justification}”{grant.request.task ? ` (task: ${grant.request.task})` : ""}
              {grant.request.ticketRef ? ` (ticket ${grant.request.ticketRef})` : ""}.{" "}
              <Link href={`/requests/${grant.request.id}`} className="text-indigo-700 hover:underline">
                Request timeline
              </Link>
            </p>
          ) : (
            <p>
              No request in Triad: the grant&apos;s source is <Badge>{humanize(grant.source)}</Badge>
              {grant.source === "IMPORT"
                ? ` — imported from ${grant.actor.sourceSystem}`
                : grant.source === "BIRTHRIGHT"
                  ? " — given by role at joining"
                  : ""}
              , on {formatDateTime(grant.grantedAt)}.
            </p>
          )}
        </Question>

        <Question n={2} title="Which identity type was used?" answered>
          <p className="flex flex-wrap items-center gap-2">
            <KindBadge kind={grant.actor.kind} /> <ActorLink actor={grant.actor} /> (
            {grant.actor.sourceSystem} · {grant.actor.externalId}), status{" "}
            <StatusBadge status={grant.actor.status} />. Entitlement{" "}
            {grant.entitlement.privileged ? <Badge tone="danger">privileged</Badge> : <Badge>standard</Badge>}{" "}
            on a {humanize(resource.sensitivity).toLowerCase()} {humanize(resource.kind).toLowerCase()}.
          </p>
        </Question>

        <Question n={3} title="What policy was applied?" answered={Boolean(story.decision) || !!attested}>
          {attested && !story.decision ? (
            <p>
              None was asked: the access already existed in {grant.actor.sourceSystem} and came in by import,
              on the importing admin&apos;s attestation (question 4). The import&apos;s ledger entry is in the
              history below.
            </p>
          ) : story.decision ? (
            <p>
              Decision{" "}
              <Link
                href={`/audit?q=${encodeURIComponent(`actor:${grant.actor.id}`)}`}
                className="font-mono text-indigo-700 hover:underline"
              >
                #{story.decision.seq}
              </Link>{" "}
              at {formatDateTime(story.decision.at)}
              {story.policyVersion ? (
                <>
                  {" "}
                  under{" "}
                  <Link
                    href={`/policies/${story.policyVersion.policySet.id}`}
                    className="text-indigo-700 hover:underline"
                  >
                    {story.policyVersion.policySet.name} v{story.policyVersion.version}
                  </Link>
                </>
              ) : null}
              {story.policyHash ? (
                <span className="font-mono text-xs text-zinc-500"> ({story.policyHash.slice(0, 12)}…)</span>
              ) : null}
              {story.determiningPolicies.length ? (
                <>
                  {" "}
                  — determined by{" "}
                  {story.determiningPolicies.map((p) => (
                    <Badge key={p} className="mr-1">
                      {p}
                    </Badge>
                  ))}
                </>
              ) : null}
              {story.decisionReason ? <> — {story.decisionReason}</> : null}.
            </p>
          ) : (
            <p>
              No policy decision is linked to this grant (granted outside a decision:{" "}
              {humanize(grant.source).toLowerCase()}).
            </p>
          )}
        </Question>

        <Question
          n={4}
          title="Who approved it?"
          answered={Boolean(
            grant.request?.approvals.length || grant.request?.autoApprovedBy || grant.request?.ratifiedAt,
          )}
        >
          {attested && grant.request ? (
            <p>
              <ActorLink actor={grant.request.requester} /> attested it when importing it:{" "}
              <Badge tone="accent">{attested}</Badge>, on{" "}
              {formatDateTime(grant.request.decidedAt ?? grant.request.createdAt)}.
            </p>
          ) : grant.request?.autoApprovedBy ? (
            <p>
              No person: approved by the policy <Badge tone="accent">{grant.request.autoApprovedBy}</Badge>,
              named in the decision above.
            </p>
          ) : grant.request?.breakGlass && !grant.request.approvals.length ? (
            <p>
              Break-glass: taken without approval;{" "}
              {grant.request.ratifiedAt ? (
                `ratified by another admin on ${formatDateTime(grant.request.ratifiedAt)}`
              ) : (
                <strong>
                  not ratified
                  {grant.request.ratifyBy ? ` (deadline ${formatDateTime(grant.request.ratifyBy)})` : ""}
                </strong>
              )}
              .
            </p>
          ) : grant.request?.approvals.length ? (
            <ul className="space-y-1">
              {grant.request.approvals.map((a, i) => (
                <li key={i}>
                  <ActorLink actor={a.approver} /> {a.role ? `(${humanize(a.role).toLowerCase()}) ` : ""}
                  {a.decision === "APPROVE" ? "approved" : "rejected"} on {formatDateTime(a.createdAt)}
                  {a.stepUpAt ? ` after a TOTP step-up at ${formatDateTime(a.stepUpAt)}` : ""}
                  {a.comment ? `: “${a.comment}”` : ""}
                </li>
              ))}
            </ul>
          ) : (
            <p>No approval is recorded{grant.request ? " for its request" : ""}.</p>
          )}
          {grant.reviewItems.length ? (
            <p className="mt-2 text-zinc-600">
              Last review: {grant.reviewItems[0].reviewer?.displayName ?? "—"} chose{" "}
              {grant.reviewItems[0].decision ?? "nothing yet"} in “{grant.reviewItems[0].campaign.name}”
              {grant.reviewItems[0].decidedAt ? ` on ${formatDateTime(grant.reviewItems[0].decidedAt)}` : ""}.
            </p>
          ) : null}
        </Question>

        <Question
          n={5}
          title="How (and when) was it revoked?"
          answered={grant.status === "ACTIVE" || grant.revocations.length > 0}
        >
          {grant.revocations.length ? (
            <ul className="space-y-1">
              {grant.revocations.map((r, i) => (
                <li key={i}>
                  <Badge tone="danger">{humanize(r.method)}</Badge> requested by{" "}
                  {r.requestedBy?.displayName ?? "Triad"} on {formatDateTime(r.requestedAt)}, completed{" "}
                  {r.completedAt ? formatDateTime(r.completedAt) : <strong>not yet</strong>}: {r.reason}
                  {r.evidence ? ` (evidence: ${r.evidence})` : ""}
                </li>
              ))}
            </ul>
          ) : grant.status === "ACTIVE" ? (
            <p>
              Still active
              {grant.expiresAt ? `; expires ${formatDateTime(grant.expiresAt)}` : ", with no expiry"}.
            </p>
          ) : (
            <p>
              {humanize(grant.status)} with no revocation record
              {grant.expiresAt ? ` (expired ${formatDateTime(grant.expiresAt)})` : ""}.
            </p>
          )}
        </Question>
      </ol>

      <Card className="mt-6">
        <CardHeader>
          <CardTitle>Ledger entries about this grant</CardTitle>
        </CardHeader>
        <CardContent>
          {story.history.length ? (
            <ul className="divide-y divide-zinc-100 text-sm">
              {story.history.map((h) => (
                <li key={h.seq} className="flex flex-wrap gap-3 py-2">
                  <span className="font-mono text-xs text-zinc-500">#{h.seq}</span>
                  <span className="text-zinc-600">{formatDateTime(h.at)}</span>
                  <Badge tone="accent">{h.action}</Badge>
                  <span className="text-zinc-700">{h.actorName ?? h.actorKind}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-zinc-500">
              No entries target this grant yet (grants loaded by import or the demo seed are recorded in
              bulk).
            </p>
          )}
        </CardContent>
      </Card>
    </>
  );
}

function Question({
  n,
  title,
  answered,
  children,
}: {
  n: number;
  title: string;
  answered: boolean;
  children: React.ReactNode;
}) {
  const Icon = answered ? CheckCircle2 : CircleDashed;
  return (
    <li>
      <Card>
        <CardContent className="flex gap-4 pt-5">
          <Icon
            className={
              answered ? "mt-0.5 size-5 shrink-0 text-emerald-600" : "mt-0.5 size-5 shrink-0 text-amber-500"
            }
            aria-hidden
          />
          <div className="min-w-0 text-sm text-zinc-800">
            <h2 className="mb-1 font-semibold text-zinc-900">
              {n}. {title}
            </h2>
            {children}
          </div>
        </CardContent>
      </Card>
    </li>
  );
}

function ActorLink({ actor }: { actor: { id: string; displayName: string } }) {
  return (
    <Link href={`/actors/${actor.id}`} className="font-medium text-indigo-700 hover:underline">
      {actor.displayName}
    </Link>
  );
}
