"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { launchDefinitionAction } from "@/lib/campaigns/actions";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { humanize } from "@/components/ui/badge";
import { toast } from "@/components/ui/toaster";

type Definition = {
  id: string;
  name: string;
  type: string;
  reviewerStrategy: string;
  _count: { campaigns: number };
};

/** Saved definitions; each launch is the next numbered run, starting today. */
export function DefinitionsCard({ definitions }: { definitions: Definition[] }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  if (definitions.length === 0) return null;
  const launch = async (id: string) => {
    setBusy(id);
    const r = await launchDefinitionAction({ definitionId: id });
    setBusy(null);
    if (!r.ok) return toast.error(r.error);
    toast.success(`Launched with ${r.data.items.toLocaleString("en-US")} items`);
    router.push(`/campaigns/${r.data.id}`);
  };
  return (
    <Card className="mt-6">
      <CardHeader>
        <CardTitle>Definitions</CardTitle>
        <CardDescription>Templates; each launch is a new numbered run.</CardDescription>
      </CardHeader>
      <CardContent>
        <ul className="divide-y divide-zinc-100 text-sm">
          {definitions.map((d) => (
            <li key={d.id} className="flex items-center justify-between gap-3 py-2">
              <span>
                <span className="font-medium">{d.name}</span>{" "}
                <span className="text-zinc-500">
                  · {humanize(d.type)} by {humanize(d.reviewerStrategy).toLowerCase()} · {d._count.campaigns}{" "}
                  run{d._count.campaigns === 1 ? "" : "s"}
                </span>
              </span>
              <Button size="sm" variant="outline" loading={busy === d.id} onClick={() => void launch(d.id)}>
                Launch next run
              </Button>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
