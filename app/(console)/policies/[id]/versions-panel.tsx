"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { activateVersionAction } from "@/lib/policy/actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { TimeAgo } from "@/components/ui/time";
import { toast } from "@/components/ui/toaster";

type Version = {
  id: string;
  version: number;
  hash: string;
  status: "DRAFT" | "ACTIVE" | "RETIRED";
  comment: string | null;
  createdAt: Date;
  createdBy: { name: string } | null;
};
const TONE = { DRAFT: "info", ACTIVE: "success", RETIRED: "neutral" } as const;

export function VersionsPanel({
  policySetId,
  versions,
  selected,
  activeVersion,
  canActivate,
}: {
  policySetId: string;
  versions: Version[];
  selected: number;
  activeVersion: number | null;
  canActivate: boolean;
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const activate = (v: Version) =>
    start(async () => {
      setError(null);
      const r = await activateVersionAction({ versionId: v.id });
      if (r.ok) toast.success(`Version ${r.data.version} is active (${r.data.tests} tests passed)`);
      else setError(r.error);
    });
  return (
    <div className="space-y-2">
      {error ? (
        <Alert tone="danger" title="Not activated">
          <span data-testid="activation-error">{error}</span>
        </Alert>
      ) : null}
      <ul className="divide-y divide-zinc-100">
        {versions.map((v) => (
          <li
            key={v.id}
            className={`flex items-start justify-between gap-2 py-2 ${v.version === selected ? "bg-indigo-50/60" : ""}`}
          >
            <div className="min-w-0">
              <Link
                href={`/policies/${policySetId}?version=${v.version}`}
                className="font-medium text-zinc-900 hover:underline"
              >
                Version {v.version}
              </Link>{" "}
              <Badge tone={TONE[v.status]}>{v.status.toLowerCase()}</Badge>
              <div className="truncate text-xs text-zinc-500">
                <code title={v.hash}>{v.hash.slice(0, 12)}</code> · <TimeAgo date={v.createdAt} />
                {v.createdBy ? ` · ${v.createdBy.name}` : ""}
              </div>
              {v.comment ? <div className="truncate text-xs text-zinc-600">{v.comment}</div> : null}
              <div className="mt-1 flex gap-3 text-xs">
                {activeVersion !== null && v.version !== activeVersion ? (
                  <Link
                    className="text-indigo-700 hover:underline"
                    href={`/policies/${policySetId}?version=${v.version}&diff=${activeVersion}`}
                  >
                    Diff vs active
                  </Link>
                ) : null}
                {v.status !== "ACTIVE" ? (
                  <Link
                    className="text-indigo-700 hover:underline"
                    href={`/policies/${policySetId}/simulate?version=${v.id}`}
                  >
                    Simulate
                  </Link>
                ) : null}
              </div>
            </div>
            {canActivate && v.status !== "ACTIVE" ? (
              <Button
                size="sm"
                variant="outline"
                disabled={pending}
                onClick={() => activate(v)}
                aria-label={`Activate version ${v.version}`}
              >
                Activate
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
