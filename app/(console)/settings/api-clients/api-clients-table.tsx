"use client";

import { useTransition } from "react";
import { revokeApiClientAction } from "@/lib/api-clients/actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time";
import { toast } from "@/components/ui/toaster";

type Row = {
  id: string;
  name: string;
  keyId: string;
  scopes: string[];
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdBy: { name: string } | null;
};

export function ApiClientsTable({ clients }: { clients: Row[] }) {
  const [pending, start] = useTransition();
  const revoke = (c: Row) => {
    if (!window.confirm(`Revoke ${c.name}? Its token stops working within seconds.`)) return;
    start(async () => {
      const r = await revokeApiClientAction({ id: c.id });
      if (r.ok) toast.success(`${c.name} revoked`);
      else toast.error(r.error);
    });
  };
  return (
    <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Client</TableHead>
            <TableHead>Key id</TableHead>
            <TableHead>Scopes</TableHead>
            <TableHead>Created</TableHead>
            <TableHead>Last used</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="w-24">
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {clients.map((c) => (
            <TableRow key={c.id}>
              <TableCell>
                <div className="font-medium text-zinc-900">{c.name}</div>
                {c.createdBy ? <div className="text-xs text-zinc-500">by {c.createdBy.name}</div> : null}
              </TableCell>
              <TableCell>
                <code className="text-xs">{c.keyId}</code>
              </TableCell>
              <TableCell className="text-xs text-zinc-600">{c.scopes.join(", ")}</TableCell>
              <TableCell className="text-sm text-zinc-600">
                <TimeAgo date={c.createdAt} />
              </TableCell>
              <TableCell className="text-sm text-zinc-600">
                {c.lastUsedAt ? <TimeAgo date={c.lastUsedAt} /> : "Never"}
              </TableCell>
              <TableCell>
                {c.revokedAt ? <Badge tone="danger">Revoked</Badge> : <Badge tone="success">Active</Badge>}
              </TableCell>
              <TableCell>
                {c.revokedAt ? null : (
                  <Button variant="outline" size="sm" disabled={pending} onClick={() => revoke(c)}>
                    Revoke
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
