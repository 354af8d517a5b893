"use client";

import { useState, useTransition } from "react";
import { KeyRound } from "lucide-react";
import type { ActionResult } from "@/lib/actions/result";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";

type Token = {
  id: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdBy: string | null;
};
const when = (s: string | null) => (s ? `${s.slice(0, 16).replace("T", " ")} UTC` : "—");

export function ScimTokens({
  tokens,
  createAction,
  revokeAction,
}: {
  tokens: Token[];
  createAction: (input: { name: string }) => Promise<ActionResult<{ id: string; token: string }>>;
  revokeAction: (input: { id: string }) => Promise<ActionResult<{ id: string }>>;
}) {
  const [name, setName] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [pending, start] = useTransition();

  const create = () =>
    start(async () => {
      setFieldError(null);
      const r = await createAction({ name });
      if (!r.ok) return setFieldError(r.fieldErrors?.name?.[0] ?? r.error);
      setCreated({ name, token: r.data.token });
      setName("");
    });
  const revoke = (t: Token) =>
    start(async () => {
      if (!window.confirm(`Revoke "${t.name}"? The IdP using it stops provisioning at once.`)) return;
      const r = await revokeAction({ id: t.id });
      if (r.ok) toast.success(`Revoked ${t.name}`);
      else toast.error(r.error);
    });

  return (
    <Card>
      <CardHeader>
        <CardTitle>Bearer tokens</CardTitle>
        <CardDescription>
          Stored as SHA-256 hashes: a new token is shown once, right after you create it.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <form
          className="flex flex-col gap-3 sm:flex-row sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            create();
          }}
        >
          <FormField label="Token name" htmlFor="scim-name" error={fieldError} className="flex-1">
            <Input
              id="scim-name"
              name="name"
              placeholder="okta-production"
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={!!fieldError}
              maxLength={120}
            />
          </FormField>
          <Button type="submit" loading={pending} disabled={pending}>
            Create token
          </Button>
        </form>
        {created ? (
          <Alert tone="success" title={`Token for ${created.name} — copy it now, it will not be shown again`}>
            <code
              className="block rounded bg-white/70 px-2 py-1 font-mono text-xs break-all"
              data-testid="new-scim-token"
            >
              {created.token}
            </code>
          </Alert>
        ) : null}
        {tokens.length ? (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Created</TableHead>
                <TableHead>Last used</TableHead>
                <TableHead>By</TableHead>
                <TableHead />
              </TableRow>
            </TableHeader>
            <TableBody>
              {tokens.map((t) => (
                <TableRow key={t.id}>
                  <TableCell className="font-medium">{t.name}</TableCell>
                  <TableCell>
                    {t.revokedAt ? (
                      <Badge>Revoked {when(t.revokedAt)}</Badge>
                    ) : (
                      <Badge tone="success">Active</Badge>
                    )}
                  </TableCell>
                  <TableCell>{when(t.createdAt)}</TableCell>
                  <TableCell>{when(t.lastUsedAt)}</TableCell>
                  <TableCell>{t.createdBy ?? "CLI"}</TableCell>
                  <TableCell className="text-right">
                    {t.revokedAt ? null : (
                      <Button variant="destructive" size="sm" onClick={() => revoke(t)} disabled={pending}>
                        Revoke
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : (
          <EmptyState icon={KeyRound} title="No SCIM tokens yet">
            Create one for each identity provider that provisions people into Triad.
          </EmptyState>
        )}
      </CardContent>
    </Card>
  );
}
