import { ListChecks } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { changeListenerStatus } from "@/lib/changes/listen";
import { CRON_JOBS } from "@/lib/jobs/tasks";
import { COUNT_CAP, getJobCounts, listCronRuns, listJobs } from "@/lib/jobs/queries";
import { JOB_STATES, jobListSchema, type JobState } from "@/lib/jobs/schemas";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { LinkTabs } from "@/components/ui/tabs";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time";
import { FailedJobActions } from "./failed-job-actions";

export const metadata = { title: "Jobs" };

const LABEL: Record<JobState, string> = { failed: "Failed", pending: "Pending", running: "Running" };
const EMPTY: Record<JobState, string> = {
  failed: "No failed jobs. A job that uses all its attempts stays here until you retry or delete it.",
  pending: "Nothing is waiting. Timers (grant expiries, reminders) and deliveries queue here.",
  running: "No job is running right now.",
};

export default async function JobsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("settings:manage");
  const query = jobListSchema.parse(await searchParams);
  const [counts, page, cronRuns] = await Promise.all([getJobCounts(), listJobs(query), listCronRuns()]);
  const listener = changeListenerStatus();

  return (
    <>
      <PageHeader
        title="Jobs"
        description="Timed and periodic work runs on one job queue in PostgreSQL. Each job has one owner across all replicas; a failing job is retried with backoff and, once out of attempts, waits here."
      />
      <LinkTabs
        tabs={JOB_STATES.map((s) => ({
          href: `/settings/jobs?state=${s}`,
          label: LABEL[s],
          active: query.state === s,
          count: Math.min(counts[s], COUNT_CAP),
        }))}
      />
      <Card>
        <CardContent className="pt-4">
          {page.rows.length === 0 ? (
            <EmptyState icon={ListChecks} title={`No ${LABEL[query.state].toLowerCase()} jobs`}>
              {EMPTY[query.state]}
            </EmptyState>
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Job</TableHead>
                  <TableHead>Task</TableHead>
                  <TableHead>{query.state === "pending" ? "Runs" : "Scheduled for"}</TableHead>
                  <TableHead className="text-right">Attempts</TableHead>
                  <TableHead>{query.state === "running" ? "Worker" : "Last error"}</TableHead>
                  {query.state === "failed" ? (
                    <TableHead className="w-40">
                      <span className="sr-only">Actions</span>
                    </TableHead>
                  ) : null}
                </TableRow>
              </TableHeader>
              <TableBody>
                {page.rows.map((j) => (
                  <TableRow key={String(j.id)}>
                    <TableCell className="font-mono text-xs">
                      {String(j.id)}
                      {j.key ? <div className="max-w-48 truncate text-zinc-500">{j.key}</div> : null}
                    </TableCell>
                    <TableCell className="font-mono text-xs">{j.task}</TableCell>
                    <TableCell className="text-sm text-zinc-600">
                      <TimeAgo date={j.runAt} />
                    </TableCell>
                    <TableCell className="text-right tabular-nums">
                      {j.attempts} / {j.maxAttempts}
                    </TableCell>
                    <TableCell className="max-w-md text-xs text-zinc-600">
                      {query.state === "running" ? (
                        j.lockedBy
                      ) : j.lastError ? (
                        <span className="line-clamp-2 break-all" title={j.lastError}>
                          {j.lastError}
                        </span>
                      ) : (
                        "—"
                      )}
                    </TableCell>
                    {query.state === "failed" ? (
                      <TableCell>
                        <FailedJobActions id={String(j.id)} task={j.task} />
                      </TableCell>
                    ) : null}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          <div className="mt-3 flex justify-end gap-2">
            {query.after ? (
              <ButtonLink size="sm" href={`/settings/jobs?state=${query.state}`}>
                First
              </ButtonLink>
            ) : null}
            {page.next ? (
              <ButtonLink size="sm" href={`/settings/jobs?state=${query.state}&after=${page.next}`}>
                Next
              </ButtonLink>
            ) : null}
          </div>
        </CardContent>
      </Card>
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Periodic jobs</CardTitle>
            <CardDescription>Each slot fires once across all replicas.</CardDescription>
          </CardHeader>
          <CardContent>
            <ul className="divide-y divide-zinc-100 text-sm">
              {CRON_JOBS.map((c) => (
                <li key={c.task} className="flex items-center justify-between gap-3 py-2">
                  <span className="font-mono text-xs">{c.task}</span>
                  <span className="text-zinc-600">
                    <code className="text-xs">{c.match}</code> · last{" "}
                    {cronRuns.get(c.task) ? <TimeAgo date={cronRuns.get(c.task)} /> : "never"}
                  </span>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Change channel</CardTitle>
            <CardDescription>
              How this replica hears that another process changed an API client, policy, grant, identity or
              key.
            </CardDescription>
          </CardHeader>
          <CardContent className="text-sm">
            <p>
              {listener.live ? (
                <Badge tone="success">listening</Badge>
              ) : (
                <Badge tone="warning">not listening</Badge>
              )}{" "}
              {listener.live
                ? `${listener.heard.toLocaleString("en-US")} changes heard since start.`
                : "Caches fall back to a half-second lifetime until the connection is back."}
            </p>
          </CardContent>
        </Card>
      </div>
    </>
  );
}
