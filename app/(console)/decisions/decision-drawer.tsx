import { completeCalls } from "@/lib/decisions/entities";
import Link from "next/link";
import { X } from "lucide-react";
import { Badge, KindBadge } from "@/components/ui/badge";
import { DescriptionList } from "@/components/ui/description-list";
import { formatDateTime } from "@/components/ui/time";
import { determiningPolicies, type DecisionDetail } from "@/lib/explorer/detail";
import { ReplayButton } from "./replay-button";
import { replayDecisionAction } from "./actions";

const pivot = (q: string) => `/decisions?${q}`;
const Json = ({ value }: { value: unknown }) => (
  <pre className="max-h-72 overflow-auto rounded bg-zinc-950 p-3 font-mono text-xs text-zinc-100">
    {JSON.stringify(value, null, 2)}
  </pre>
);

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="space-y-2">
      <h3 className="text-sm font-semibold text-zinc-900">{title}</h3>
      {children}
    </section>
  );
}

/** The side panel of one decision (URL ?open=<decision id>). */
export function DecisionDrawer({ d, closeHref }: { d: DecisionDetail; closeHref: string }) {
  const policies = determiningPolicies(d.policies, d.versions);
  const month = `window=30d`;
  return (
    <aside
      role="dialog"
      aria-modal="false"
      aria-labelledby="drawer-title"
      className="fixed inset-y-0 right-0 z-40 w-full max-w-2xl overflow-y-auto border-l border-zinc-200 bg-white p-6 shadow-xl"
    >
      <div className="mb-4 flex items-start justify-between gap-4">
        <div>
          <h2 id="drawer-title" className="flex items-center gap-2 text-lg font-semibold text-zinc-900">
            <Badge tone={d.decision === "ALLOW" ? "success" : "danger"}>{d.decision.toLowerCase()}</Badge>{" "}
            Decision {d.seq}
          </h2>
          <p className="text-sm text-zinc-600">
            {formatDateTime(d.at)} · {d.reason}
          </p>
        </div>
        <Link
          href={closeHref}
          className="rounded p-1 text-zinc-500 hover:bg-zinc-100"
          aria-label="Close the decision"
        >
          <X className="size-5" aria-hidden />
        </Link>
      </div>
      <div className="space-y-6">
        <DescriptionList
          columns={2}
          items={[
            {
              label: "Subject",
              value: (
                <span className="flex flex-wrap items-center gap-1.5">
                  <KindBadge kind={d.subjectKind} /> {d.subjectName ?? d.subjectRef}
                  {d.subjectId ? (
                    <Link
                      className="text-xs text-indigo-700 underline"
                      href={pivot(`${month}&subject=${d.subjectId}`)}
                    >
                      as subject
                    </Link>
                  ) : null}
                </span>
              ),
            },
            {
              label: "On behalf of",
              value: d.onBehalfOfId ? (
                <span className="flex flex-wrap items-center gap-1.5">
                  <span data-testid="on-behalf-of">{d.onBehalfOfName ?? d.onBehalfOfId}</span>
                  <Link
                    className="text-xs text-indigo-700 underline"
                    href={pivot(`${month}&obo=${d.onBehalfOfId}`)}
                  >
                    every agent acting for them
                  </Link>
                </span>
              ) : (
                "—"
              ),
            },
            { label: "Action", value: <code className="text-xs">{d.action}</code> },
            {
              label: "Resource",
              value: (
                <code className="text-xs break-all">
                  {`${d.resourceType}:${d.resourceId}`}
                  {d.privileged ? " (privileged)" : ""}
                </code>
              ),
            },
            {
              label: "API client",
              value: (
                <Link
                  className="text-indigo-700 underline"
                  href={pivot(`${month}&client=${encodeURIComponent(d.clientName)}`)}
                >
                  {d.clientName}
                </Link>
              ),
            },
            {
              label: "Policy-set version",
              value: <code className="text-xs break-all">{d.policyVersion}</code>,
            },
            { label: "Engine", value: d.engine },
            {
              label: "Trace",
              value: d.traceId ? (
                <code className="text-xs">
                  {d.traceId} / {d.spanId}
                </code>
              ) : (
                "—"
              ),
            },
          ]}
        />
        <Section title="Determining policies">
          {policies.length === 0 ? (
            <p className="text-sm text-zinc-600">No policy matched: Cedar denies by default.</p>
          ) : null}
          {policies.map((p) => (
            <div key={p.id} className="space-y-1" data-testid="policy-text">
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <code className="font-semibold">{p.id}</code>
                {p.policySetId && p.version !== null ? (
                  <Link
                    className="text-xs text-indigo-700 underline"
                    href={`/policies/${p.policySetId}?version=${p.version}`}
                  >
                    {p.set} v{p.version}
                  </Link>
                ) : null}
                <Link
                  className="text-xs text-indigo-700 underline"
                  href={pivot(`${month}&policy=${encodeURIComponent(p.id)}`)}
                >
                  what it decided in 30 days
                </Link>
              </div>
              {p.text ? (
                <pre className="overflow-auto rounded bg-zinc-50 p-3 font-mono text-xs text-zinc-800 ring-1 ring-zinc-200">
                  {p.text}
                </pre>
              ) : (
                <p className="text-xs text-zinc-500">Text of this version not found.</p>
              )}
            </div>
          ))}
        </Section>
        <Section title="Replay">
          <ReplayButton seq={d.seq} replay={replayDecisionAction} />
        </Section>
        <Section title="Ledger entry">
          {d.ledger ? (
            <div className="space-y-1 font-mono text-xs break-all text-zinc-700">
              <div>
                #{d.ledger.seq} hash <span data-testid="ledger-hash">{d.ledger.hash}</span>
              </div>
              <div>prev {d.ledger.prevHash}</div>
              {d.neighbours.map((n) => (
                <div key={n.seq}>
                  <Link className="text-indigo-700 underline" href={`/audit?seq=${n.seq}`}>
                    #{n.seq}
                  </Link>{" "}
                  {n.action} {n.hash.slice(0, 16)}…
                </div>
              ))}
            </div>
          ) : (
            <p className="text-sm text-zinc-600">Ledger entry not found.</p>
          )}
        </Section>
        {d.concerns.length ? (
          <Section title="What it concerns">
            <ul className="list-disc pl-5 text-sm">
              {d.concerns.map((c) => (
                <li key={c.id}>
                  {c.kind === "grant" ? (
                    <Link className="text-indigo-700 underline" href={`/audit/access/${c.id}`}>
                      {c.label}
                    </Link>
                  ) : (
                    c.label
                  )}
                </li>
              ))}
            </ul>
          </Section>
        ) : null}
        <Section title="AuthZEN request">
          <Json value={d.request} />
        </Section>
        <Section title="AuthZEN response">
          <Json
            value={{
              ...(d.response as object),
              context: { ...((d.response as { context?: object }).context ?? {}), decision_id: d.seq },
            }}
          />
        </Section>
        <Section title="Entities Cedar saw">
          <p className="text-xs text-zinc-500">Hash {d.entitiesHash ?? "—"}</p>
          {d.cedar && !completeCalls(d.cedar) ? (
            <p className="text-sm text-amber-800">
              An entity snapshot this decision names is missing or does not match its hash; it is shown by its
              hash.
            </p>
          ) : null}
          {d.cedar ? (
            <Json
              value={d.cedar.map((c) => ({
                principal: c.request.principal,
                action: c.request.action,
                resource: c.request.resource,
                context: c.request.context,
                entities: c.request.entities,
                answer: { decision: c.decision, policies: c.policies },
              }))}
            />
          ) : (
            <p className="text-sm text-zinc-600">Routine allows keep the hash only.</p>
          )}
        </Section>
      </div>
    </aside>
  );
}
