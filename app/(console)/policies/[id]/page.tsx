import { notFound } from "next/navigation";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getPolicySet, getVersionTexts } from "@/lib/policy/queries";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { PolicyEditor } from "./policy-editor";
import { VersionsPanel } from "./versions-panel";
import { TestCases } from "./test-cases";
import { VersionDiff } from "./version-diff";

export const metadata = { title: "Policy set" };

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function PolicySetPage({ params, searchParams }: Props) {
  const user = await requirePageUser("policy:read");
  const { id } = await params;
  const sp = await searchParams;
  const set = (await getPolicySet(id)) ?? notFound();
  const wanted = Number(one(sp.version));
  const selected = set.versions.find((v) => v.version === wanted) ?? set.versions[0];
  const active = set.versions.find((v) => v.status === "ACTIVE") ?? null;
  const diffVersion = Number(one(sp.diff)) || -1;
  const texts = await getVersionTexts(id, [selected.version, diffVersion]);
  const text = texts.get(selected.version) ?? "";
  const diffText = diffVersion !== selected.version ? texts.get(diffVersion) : undefined;
  const diffAgainst = diffText === undefined ? undefined : { version: diffVersion, text: diffText };
  const canWrite = can(user.roles, "policy:write");

  return (
    <>
      <PageHeader
        title={set.name}
        description={set.description ?? undefined}
        actions={
          <div className="flex items-center gap-2 text-sm text-zinc-600">
            {active ? (
              <>
                Active: <Badge tone="success">version {active.version}</Badge>{" "}
                <code title={active.hash}>{active.hash.slice(0, 12)}</code>
              </>
            ) : (
              <Badge tone="warning">no active version</Badge>
            )}
          </div>
        }
      />
      <div className="mb-3 text-sm">
        <Link href="/policies" className="text-indigo-700 hover:underline">
          ← All policy sets
        </Link>
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Card>
            <CardHeader>
              <CardTitle>
                Version {selected.version}{" "}
                <Badge
                  tone={
                    selected.status === "ACTIVE"
                      ? "success"
                      : selected.status === "DRAFT"
                        ? "info"
                        : "neutral"
                  }
                >
                  {selected.status.toLowerCase()}
                </Badge>
              </CardTitle>
              <CardDescription>
                Versions are immutable: saving makes a new draft version. Errors against the Cedar schema show
                inline as you type.
              </CardDescription>
            </CardHeader>
            <CardContent>
              <PolicyEditor
                key={selected.id}
                policySetId={set.id}
                initialText={text}
                version={selected.version}
                canWrite={canWrite}
              />
            </CardContent>
          </Card>
          {diffAgainst ? (
            <Card>
              <CardHeader>
                <CardTitle>Diff</CardTitle>
              </CardHeader>
              <CardContent>
                <VersionDiff
                  from={diffAgainst.text}
                  to={text}
                  fromLabel={`version ${diffAgainst.version}`}
                  toLabel={`version ${selected.version}`}
                />
              </CardContent>
            </Card>
          ) : null}
        </div>
        <div className="space-y-4">
          <Card>
            <CardHeader>
              <CardTitle>Test cases</CardTitle>
              <CardDescription>All must pass before a version can be activated.</CardDescription>
            </CardHeader>
            <CardContent>
              <TestCases
                policySetId={set.id}
                versionId={selected.id}
                version={selected.version}
                cases={set.testCases}
                canWrite={canWrite}
              />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Versions</CardTitle>
            </CardHeader>
            <CardContent>
              <VersionsPanel
                policySetId={set.id}
                versions={set.versions}
                selected={selected.version}
                activeVersion={active?.version ?? null}
                canActivate={can(user.roles, "policy:activate")}
              />
            </CardContent>
          </Card>
        </div>
      </div>
    </>
  );
}
