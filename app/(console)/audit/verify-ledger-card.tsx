"use client";

import { useState, useTransition } from "react";
import { PenLine, ShieldAlert, ShieldCheck } from "lucide-react";
import { checkpointLedgerAction, verifyLedgerAction } from "@/lib/audit/actions";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Alert } from "@/components/ui/alert";

type Outcome = Awaited<ReturnType<typeof verifyLedgerAction>>;
type Signed = Awaited<ReturnType<typeof checkpointLedgerAction>>;
export type CheckpointInfo = {
  last: { seq: string; at: string } | null;
  key: { kid: string; publicKeyPem: string } | null;
  /** Only roles allowed to sign see the button. */
  canSign: boolean;
};

export function VerifyLedgerCard({ newest, checkpoints }: { newest: string; checkpoints: CheckpointInfo }) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [signed, setSigned] = useState<Signed | null>(null);
  const [pending, start] = useTransition();
  const [signing, startSigning] = useTransition();

  return (
    <Card className="mb-6">
      <CardHeader>
        <CardTitle>Verify integrity</CardTitle>
        <CardDescription>
          Recomputes every hash from the stored entries and checks each link to the entry before it. An edit,
          a deletion or a re-ordering made behind Triad&apos;s back shows as the first broken link. Signed
          checkpoints (Ed25519 over sequence, head hash and time, made every five minutes) also catch a chain
          rewritten with recomputed hashes and entries cut from the end.
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
          {checkpoints.canSign ? (
            <Button
              type="button"
              variant="outline"
              loading={signing}
              onClick={() =>
                startSigning(async () => setSigned(await checkpointLedgerAction(new FormData())))
              }
            >
              <PenLine className="size-4" aria-hidden /> Sign checkpoint now
            </Button>
          ) : null}
        </form>
        <dl className="mt-4 grid gap-x-6 gap-y-1 text-sm text-zinc-700 sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium">Last checkpoint</dt>
          <dd>
            {checkpoints.last
              ? `#${checkpoints.last.seq} signed ${new Date(checkpoints.last.at).toUTCString()}`
              : "none yet"}
          </dd>
          <dt className="font-medium">Signing key</dt>
          <dd>
            {checkpoints.key ? (
              <details>
                {/* A link inside <summary> is a control inside a control (axe: nested-interactive). */}
                <summary className="cursor-pointer">
                  <code className="font-mono">{checkpoints.key.kid}</code> (Ed25519, show the public key)
                </summary>
                <p className="mt-1 text-xs">
                  Also published at{" "}
                  <a className="underline" href="/.well-known/triad-ledger-key">
                    /.well-known/triad-ledger-key
                  </a>
                  .
                </p>
                <pre className="mt-2 overflow-x-auto rounded bg-zinc-100 p-2 text-xs">
                  {checkpoints.key.publicKeyPem}
                </pre>
              </details>
            ) : (
              "created with the first checkpoint"
            )}
          </dd>
        </dl>
        <div className="mt-4" aria-live="polite">
          {outcome && !outcome.ok ? (
            <Alert tone="danger" title="Could not verify">
              {outcome.error}
            </Alert>
          ) : null}
          {outcome?.ok && outcome.data.ok ? (
            <Alert tone="success" title="Chain intact">
              <span className="inline-flex items-center gap-1">
                <ShieldCheck className="size-4" aria-hidden /> {outcome.data.checked.toLocaleString("en")}{" "}
                entries checked from #{outcome.data.from} in {outcome.data.millis} ms;{" "}
                {outcome.data.checkpoints === 1
                  ? "1 signed checkpoint matches"
                  : `${outcome.data.checkpoints.toLocaleString("en")} signed checkpoints match`}
                .
              </span>
            </Alert>
          ) : null}
          {outcome?.ok && !outcome.data.ok ? (
            <Alert tone="danger" title={`Broken at entry #${outcome.data.firstBreakSeq}`}>
              <span className="inline-flex items-center gap-1">
                <ShieldAlert className="size-4" aria-hidden /> {outcome.data.reason}.{" "}
                {outcome.data.checked.toLocaleString("en")} entries before it are intact.
              </span>
            </Alert>
          ) : null}
          {signed && !signed.ok ? (
            <Alert tone="danger" title="Could not sign">
              {signed.error}
            </Alert>
          ) : null}
          {signed?.ok && signed.data.ok ? (
            <Alert
              tone="success"
              title={signed.data.seq ? `Checkpoint at entry #${signed.data.seq}` : "Nothing to sign"}
            >
              {signed.data.seq
                ? `${signed.data.created ? "Signed" : "Already signed"} with key ${signed.data.keyId}; ${signed.data.verified.toLocaleString("en")} new entries verified first.`
                : "The ledger is empty."}
            </Alert>
          ) : null}
          {signed?.ok && !signed.data.ok ? (
            <Alert tone="danger" title={`Not signed: broken at entry #${signed.data.firstBreakSeq}`}>
              {signed.data.reason}
            </Alert>
          ) : null}
        </div>
      </CardContent>
    </Card>
  );
}
