"use client";

import { useState, useTransition } from "react";
import { MoreHorizontal } from "lucide-react";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import type { UserRow } from "@/lib/users/queries";
import {
  disableUserAction,
  enableUserAction,
  resetUserMfaAction,
  resetUserPasswordAction,
  unlockUserAction,
} from "@/lib/users/actions";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { DropdownMenu } from "@/components/ui/dropdown-menu";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time";
import { toast } from "@/components/ui/toaster";

export function UsersTable({ users, meId }: { users: UserRow[]; meId: string }) {
  const [, start] = useTransition();
  const [reset, setReset] = useState<{ email: string; password: string } | null>(null);
  const run = (label: string, action: () => Promise<{ ok: boolean; error?: string }>) =>
    start(async () => {
      const result = await action();
      if (result.ok) toast.success(label);
      else toast.error(result.error ?? "Failed");
    });

  return (
    <>
      {reset ? (
        <div className="mb-4">
          <Alert tone="success" title={`New one-time password for ${reset.email}`}>
            Shown only now; it works for one sign-in, then they must choose their own:{" "}
            <code className="font-mono select-all" data-testid="reset-password">
              {reset.password}
            </code>
          </Alert>
        </div>
      ) : null}
      <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white">
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>User</TableHead>
              <TableHead>Roles</TableHead>
              <TableHead>Two-factor</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Last sign-in</TableHead>
              <TableHead className="w-12">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {users.map((u) => {
              const locked = u.lockedUntil && new Date(u.lockedUntil) > new Date();
              return (
                <TableRow key={u.id}>
                  <TableCell>
                    <div className="font-medium text-zinc-900">{u.name}</div>
                    <div className="text-xs text-zinc-500">{u.email}</div>
                  </TableCell>
                  <TableCell>
                    <div className="flex flex-wrap gap-1">
                      {u.roles.map((r) => (
                        <Badge key={r} tone="accent">
                          {ROLE_LABELS[r]}
                        </Badge>
                      ))}
                    </div>
                  </TableCell>
                  <TableCell>
                    {u.mfaEnabledAt ? (
                      <Badge tone="success">On</Badge>
                    ) : (
                      <Badge tone="warning">Not set up</Badge>
                    )}
                  </TableCell>
                  <TableCell>
                    {u.disabledAt ? (
                      <Badge tone="danger">Disabled</Badge>
                    ) : locked ? (
                      <Badge tone="danger">Locked</Badge>
                    ) : (
                      <Badge tone="success">Active</Badge>
                    )}
                  </TableCell>
                  <TableCell className="text-sm text-zinc-600">
                    {u.lastLoginAt ? <TimeAgo date={u.lastLoginAt} /> : "Never"}
                  </TableCell>
                  <TableCell>
                    <DropdownMenu
                      label={`Actions for ${u.email}`}
                      variant="ghost"
                      trigger={<MoreHorizontal className="size-4" aria-hidden />}
                      items={[
                        {
                          label: "Reset password…",
                          onSelect: () => {
                            if (
                              !window.confirm(
                                `Give ${u.email} a new one-time password? Their sessions end and the old password stops working.`,
                              )
                            )
                              return;
                            start(async () => {
                              const r = await resetUserPasswordAction({ userId: u.id });
                              if (r.ok) setReset(r.data);
                              else toast.error(r.error);
                            });
                          },
                        },
                        ...(locked
                          ? [
                              {
                                label: "Unlock",
                                onSelect: () => run("Unlocked", () => unlockUserAction({ userId: u.id })),
                              },
                            ]
                          : []),
                        ...(u.mfaEnabledAt
                          ? [
                              {
                                label: "Reset two-factor…",
                                onSelect: () => {
                                  const reason = window.prompt(
                                    `Why reset two-factor sign-in for ${u.email}? (recorded in the ledger)`,
                                  );
                                  if (reason)
                                    run("Two-factor reset; they enrol at next sign-in", () =>
                                      resetUserMfaAction({ userId: u.id, reason }),
                                    );
                                },
                              },
                            ]
                          : []),
                        u.disabledAt
                          ? {
                              label: "Enable",
                              onSelect: () => run("Enabled", () => enableUserAction({ userId: u.id })),
                            }
                          : {
                              label: "Disable",
                              destructive: true,
                              disabled: u.id === meId,
                              onSelect: () =>
                                run("Disabled; sessions ended", () => disableUserAction({ userId: u.id })),
                            },
                      ]}
                    />
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
    </>
  );
}
