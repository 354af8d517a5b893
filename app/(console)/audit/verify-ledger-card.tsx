"use client";

import { useState, useTransition } from "react";
import { ShieldAlert, ShieldCheck } from "lucide-react";
import { verifyLedgerAction } from "@/lib/audit/actions";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Alert } from "@/components/ui/alert";

type Outcome = Awaited<ReturnType<typeof verifyLedgerAction>>;

export function VerifyLedgerCard({ newest }: { newest: string }) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [pending, start] = useTransition();

  return (
    <Card className="mb-6">
      <CardHeader>
        <CardTitle>Verify integrity</CardTitle>
        <CardDescription>
          Recomputes every hash from the stored entries and checks each link to the entry before it. An edit, a deletion or a re-ordering made
          behind Triad&apos;s back shows as the first broken link.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            start(async () => setOutcome(await verifyLedgerAction(form)));
          }}
        >
          <label className="text-sm text-zinc-700">
            From #
            <Input name="from" inputMode="numeric" placeholder="1" className="mt-1 w-32" />
          </label>
          <label className="text-sm text-zinc-700">
            To #
            <Input name="to" inputMode="numeric" placeholder={newest} className="mt-1 w-32" />
          </label>
          <Button type="submit" loading={pending}>
            Verify chain
          </Button>
        </form>
        <div className="mt-4" aria-live="polite">
          {outcome && !outcome.ok ? <Alert tone="danger" title="Could not verify">{outcome.error}</Alert> : null}
          {outcome?.ok && outcome.data.ok ? (
            <Alert tone="success" title="Chain intact">
              <span className="inline-flex items-center gap-1">
                <ShieldCheck className="size-4" aria-hidden /> {outcome.data.checked.toLocaleString("en")} entries checked from #{outcome.data.from} in{" "}
                {outcome.data.millis} ms.
              </span>
            </Alert>
          ) : null}
          {outcome?.ok && !outcome.data.ok ? (
            <Alert tone="danger" title={`Broken at entry #${outcome.data.firstBreakSeq}`}>
              <span className="inline-flex items-center gap-1">
                <ShieldAlert className="size-4" aria-hidden /> {outcome.data.reason}. {outcome.data.checked.toLocaleString("en")} entries before it are intact.
              </span>
            </Alert>
          ) : null}
        </div>
      </CardContent>
    </Card>
  );
}
