import { headers } from "next/headers";
import { requirePageUser } from "@/lib/auth/session";
import { listScimTokens } from "@/lib/scim/tokens";
import { createScimTokenAction, revokeScimTokenAction } from "@/lib/scim/actions";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ScimTokens } from "./scim-tokens";

export const metadata = { title: "SCIM provisioning" };

export default async function ScimSettingsPage() {
  await requirePageUser("settings:manage");
  const tokens = await listScimTokens();
  const h = await headers();
  const base = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost"}/scim/v2`;
  return (
    <>
      <PageHeader
        title="SCIM provisioning"
        description="Your identity provider (Okta, Entra ID, Keycloak) creates, updates and deactivates people here over SCIM 2.0. Deactivating a person marks them as leaving and flags every NHI they own and agent they sponsor."
      />
      <Card className="mb-6">
        <CardHeader>
          <CardTitle>Connection</CardTitle>
          <CardDescription>
            Give your IdP this base URL and a bearer token from below. Supported: Users and Groups (create,
            replace, patch, delete, filter on userName / externalId / displayName), discovery endpoints.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <code className="block rounded-md bg-zinc-100 px-3 py-2 font-mono text-sm">{base}</code>
          <p className="mt-2 text-xs text-zinc-500">
            From a terminal: <code>npm run triad -- scim-token create --name okta</code> prints{" "}
            <code>TOKEN=…</code>.
          </p>
        </CardContent>
      </Card>
      <ScimTokens
        tokens={tokens.map((t) => ({
          ...t,
          createdAt: t.createdAt.toISOString(),
          revokedAt: t.revokedAt?.toISOString() ?? null,
          lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
        }))}
        createAction={createScimTokenAction}
        revokeAction={revokeScimTokenAction}
      />
    </>
  );
}
