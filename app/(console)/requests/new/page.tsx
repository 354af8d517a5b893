import Link from "next/link";
import { Search } from "lucide-react";
import { z } from "zod";
import { requirePageUser } from "@/lib/auth/session";
import { getEntitlementForRequest, requestableSubjects, searchEntitlements } from "@/lib/requests/queries";
import { formatMinutes, presetsFor } from "@/lib/requests/limits";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/input";
import { Button, ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Alert } from "@/components/ui/alert";
import { RequestForm } from "./request-form";

export const metadata = { title: "Request access" };

export default async function NewRequestPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("requests:create");
  const raw = await searchParams;
  const q = typeof raw.q === "string" ? raw.q : "";
  const chosenId =
    typeof raw.entitlement === "string" && z.uuid().safeParse(raw.entitlement).success
      ? raw.entitlement
      : null;
  const chosen = chosenId ? await getEntitlementForRequest(chosenId) : null;

  if (chosen) {
    const subjects = user.actorId ? await requestableSubjects(user.actorId) : [];
    return (
      <>
        <PageHeader
          title="Request access"
          description="Time-bound access: choose for whom and how long, and say why."
          actions={<ButtonLink href={`/requests/new?q=${encodeURIComponent(q)}`}>Choose another</ButtonLink>}
        />
        <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
          <Card>
            <CardHeader>
              <CardTitle>{chosen.name}</CardTitle>
              <CardDescription>on {chosen.resource.name}</CardDescription>
            </CardHeader>
            <CardContent>
              {user.actorId ? (
                <RequestForm
                  entitlementId={chosen.id}
                  privileged={chosen.privileged}
                  subjects={subjects.map((s) => ({
                    value: s.id,
                    label:
                      s.id === user.actorId
                        ? `Myself (${s.displayName})`
                        : `${s.displayName} · ${s.kind === "NHI" ? "NHI I own" : "agent I sponsor"}`,
                  }))}
                  presets={presetsFor(chosen).map((p) => ({ value: String(p.minutes), label: p.label }))}
                />
              ) : (
                <Alert tone="warning">
                  Your console account is not linked to a person in the inventory, so you cannot request
                  access.
                </Alert>
              )}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>About this entitlement</CardTitle>
            </CardHeader>
            <CardContent className="space-y-2 text-sm text-zinc-700">
              <p>{chosen.privileged ? <Badge tone="danger">Privileged</Badge> : <Badge>Standard</Badge>}</p>
              <p>Resource owner: {chosen.resource.owner?.displayName ?? "none recorded"}</p>
              <p>Longest request: {formatMinutes(chosen.maxMinutes)}</p>
              {chosen.description ? <p>{chosen.description}</p> : null}
              <p className="text-zinc-500">
                {chosen.privileged
                  ? "Privileged access needs a fresh authenticator code from you, then approval by your manager and by the resource owner."
                  : "Your manager or the resource owner approves, unless a policy approves it by name."}
                {chosen.securitySignOff ? " A security admin signs off last." : ""}
              </p>
            </CardContent>
          </Card>
        </div>
      </>
    );
  }

  const results = await searchEntitlements(q);
  return (
    <>
      <PageHeader
        title="Request access"
        description="Find the entitlement you need. Privileged ones need two approvals and a fresh step-up."
      />
      <form method="get" className="mb-4 flex max-w-xl gap-2" role="search">
        <label htmlFor="q" className="sr-only">
          Search entitlements
        </label>
        <Input id="q" name="q" defaultValue={q} placeholder="Search entitlement or resource…" />
        <Button type="submit" variant="secondary">
          <Search className="size-4" aria-hidden /> Search
        </Button>
      </form>
      {results.length === 0 ? (
        <EmptyState icon={Search} title="No entitlement matches">
          Try part of the resource&apos;s name.
        </EmptyState>
      ) : (
        <ul
          className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 bg-white"
          aria-label="Entitlements"
        >
          {results.map((e) => (
            <li key={e.id} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm">
              <div className="min-w-0 flex-1">
                <p className="font-medium text-zinc-900">
                  {e.name} <span className="font-normal text-zinc-500">on {e.resource.name}</span>
                </p>
                <p className="text-xs text-zinc-500">
                  Owner: {e.resource.owner?.displayName ?? "none recorded"} · up to{" "}
                  {formatMinutes(e.maxMinutes)}
                </p>
              </div>
              {e.privileged ? <Badge tone="danger">Privileged</Badge> : <Badge>Standard</Badge>}
              <Link
                href={`/requests/new?entitlement=${e.id}&q=${encodeURIComponent(q)}`}
                className="font-medium text-indigo-700 hover:underline"
                aria-label={`Request ${e.name} on ${e.resource.name}`}
              >
                Request
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
