import { Webhook } from "lucide-react";
import { isUuid } from "@/lib/ids";
import { requirePageUser } from "@/lib/auth/session";
import { listDeliveries, listWebhookEndpoints } from "@/lib/webhooks/endpoints";
import {
  createWebhookAction,
  deleteWebhookAction,
  testWebhookAction,
  toggleWebhookAction,
} from "@/lib/webhooks/actions";
import { WEBHOOK_EVENTS } from "@/lib/webhooks/events";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TimeAgo, formatDateTime } from "@/components/ui/time";
import { CreateWebhook, EndpointActions } from "./webhook-forms";

export const metadata = { title: "Webhooks" };

export default async function WebhooksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("settings:manage");
  const sp = await searchParams;
  const status = ["PENDING", "DELIVERED", "FAILED"].includes(String(sp.status))
    ? (String(sp.status) as "PENDING" | "DELIVERED" | "FAILED")
    : undefined;
  const cursor = typeof sp.cursor === "string" && isUuid(sp.cursor) ? sp.cursor : undefined;
  const [endpoints, deliveries] = await Promise.all([
    listWebhookEndpoints(),
    listDeliveries({ status, cursor }),
  ]);
  const link = (over: Record<string, string | undefined>) => {
    const p = new URLSearchParams(
      Object.entries({ status, ...over }).filter(([, v]) => v) as [string, string][],
    );
    return `/settings/webhooks${p.size ? `?${p}` : ""}`;
  };
  return (
    <>
      <PageHeader
        title="Webhooks"
        description={
          <>
            Triad POSTs JSON to these URLs for rotation reminders and ownership changes, signed with
            HMAC-SHA256: header{" "}
            <code className="rounded bg-zinc-100 px-1 text-xs text-zinc-700">
              X-Triad-Signature: t=&lt;unix&gt;,v1=&lt;hex&gt;
            </code>{" "}
            over{" "}
            <code className="rounded bg-zinc-100 px-1 text-xs text-zinc-700">t + &quot;.&quot; + body</code>.
            Failed deliveries are retried with exponential backoff (30 s, 1 min, 2 min … up to 8 attempts).
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card>
          <CardHeader>
            <CardTitle>Endpoints</CardTitle>
          </CardHeader>
          <CardContent>
            {endpoints.length === 0 ? (
              <EmptyState icon={Webhook} title="No webhooks yet">
                Add an endpoint to route reminders to Slack, Teams or your ticketing system.
              </EmptyState>
            ) : (
              <ul className="divide-y divide-zinc-100">
                {endpoints.map((e) => (
                  <li key={e.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                    <div className="min-w-0">
                      <div className="flex items-center gap-2 font-medium">
                        {e.name} {e.active ? <Badge tone="success">active</Badge> : <Badge>paused</Badge>}
                      </div>
                      <div className="truncate font-mono text-xs text-zinc-600">{e.url}</div>
                      <div className="mt-1 flex flex-wrap gap-1">
                        {e.events.map((ev) => (
                          <Badge key={ev} tone="accent">
                            {ev}
                          </Badge>
                        ))}
                      </div>
                      <div className="mt-1 text-xs text-zinc-500">
                        {e._count.deliveries} deliveries · added {formatDateTime(e.createdAt)}
                      </div>
                    </div>
                    <EndpointActions
                      id={e.id}
                      active={e.active}
                      toggle={toggleWebhookAction}
                      test={testWebhookAction}
                      remove={deleteWebhookAction}
                    />
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Add an endpoint</CardTitle>
            <CardDescription>The signing secret is shown once.</CardDescription>
          </CardHeader>
          <CardContent>
            <CreateWebhook events={["*", ...WEBHOOK_EVENTS]} action={createWebhookAction} />
          </CardContent>
        </Card>
      </div>
      <Card className="mt-6">
        <CardHeader>
          <CardTitle>Delivery log</CardTitle>
          <div className="flex gap-1 pt-2">
            {[undefined, "PENDING", "DELIVERED", "FAILED"].map((s) => (
              <ButtonLink
                key={s ?? "all"}
                size="sm"
                variant={status === s ? "primary" : "outline"}
                href={link({ status: s, cursor: undefined })}
              >
                {s ? s.toLowerCase() : "all"}
              </ButtonLink>
            ))}
          </div>
        </CardHeader>
        <CardContent>
          {deliveries.rows.length === 0 ? (
            <p className="text-sm text-zinc-500">
              No deliveries{status ? ` with status ${status.toLowerCase()}` : ""}.
            </p>
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Event</TableHead>
                  <TableHead>Endpoint</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead className="text-right">Attempts</TableHead>
                  <TableHead>Last answer</TableHead>
                  <TableHead>Queued</TableHead>
                  <TableHead>Next / delivered</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {deliveries.rows.map((d) => (
                  <TableRow key={d.id}>
                    <TableCell className="font-mono text-xs">{d.event}</TableCell>
                    <TableCell>{d.endpoint.name}</TableCell>
                    <TableCell>
                      <StatusBadge status={d.status} />
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{d.attempts}</TableCell>
                    <TableCell className="max-w-xs truncate text-xs text-zinc-600">
                      {d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : ""}
                      {d.lastError ? ` ${d.lastError}` : ""}
                    </TableCell>
                    <TableCell>
                      <TimeAgo date={d.createdAt} />
                    </TableCell>
                    <TableCell>
                      {d.deliveredAt ? (
                        <TimeAgo date={d.deliveredAt} />
                      ) : d.status === "PENDING" ? (
                        <TimeAgo date={d.nextAttemptAt} />
                      ) : (
                        "—"
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          <div className="mt-3 flex justify-end gap-2">
            {cursor ? (
              <ButtonLink size="sm" href={link({ cursor: undefined })}>
                First
              </ButtonLink>
            ) : null}
            {deliveries.nextCursor ? (
              <ButtonLink size="sm" href={link({ cursor: deliveries.nextCursor })}>
                More
              </ButtonLink>
            ) : null}
          </div>
        </CardContent>
      </Card>
    </>
  );
}
