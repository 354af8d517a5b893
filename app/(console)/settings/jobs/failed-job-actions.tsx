"use client";

import { useTransition } from "react";
import { deleteJobsAction, retryJobsAction } from "@/lib/jobs/actions";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";

/** Retry or delete one failed job (ids travel as strings: they are bigints). */
export function FailedJobActions({ id, task }: { id: string; task: string }) {
  const [pending, start] = useTransition();
  const retry = () =>
    start(async () => {
      const r = await retryJobsAction({ ids: [id] });
      if (r.ok) toast.success(`Job ${id} (${task}) will run again now`);
      else toast.error(r.error);
    });
  const remove = () => {
    if (!window.confirm(`Delete job ${id} (${task})? It will not run again.`)) return;
    start(async () => {
      const r = await deleteJobsAction({ ids: [id] });
      if (r.ok) toast.success(`Job ${id} deleted`);
      else toast.error(r.error);
    });
  };
  return (
    <div className="flex justify-end gap-2">
      <Button size="sm" variant="outline" disabled={pending} onClick={retry} aria-label={`Retry job ${id}`}>
        Retry
      </Button>
      <Button size="sm" variant="ghost" disabled={pending} onClick={remove} aria-label={`Delete job ${id}`}>
        Delete
      </Button>
    </div>
  );
}
