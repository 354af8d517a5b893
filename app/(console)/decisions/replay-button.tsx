"use client";

import { useState, useTransition } from "react";
import { RotateCcw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import type { ActionResult } from "@/lib/actions/result";
import type { Replay } from "@/lib/explorer/replay";

export function ReplayButton({
  seq,
  replay,
}: {
  seq: string;
  replay: (input: { seq: string; against: string }) => Promise<ActionResult<Replay>>;
}) {
  const [result, setResult] = useState<ActionResult<Replay> | null>(null);
  const [pending, start] = useTransition();
  const r = result?.ok ? result.data : null;
  return (
    <div className="space-y-2">
      <Button
        variant="outline"
        size="sm"
        loading={pending}
        onClick={() => start(async () => setResult(await replay({ seq, against: "active" })))}
      >
        <RotateCcw className="size-4" aria-hidden /> Replay this decision
      </Button>
      {result && !result.ok ? <Alert tone="danger">{result.error}</Alert> : null}
      {r && !r.replayable ? <Alert tone="info">{r.reason}</Alert> : null}
      {r && r.replayable ? (
        <Alert
          tone={r.own.matches && r.own.hashMatches && r.own.entitiesIntact ? "success" : "danger"}
          title={
            r.own.matches && r.own.hashMatches
              ? "Replay under its own version matches"
              : "Replay under its own version does NOT match"
          }
        >
          <ul className="list-disc pl-4 text-xs">
            <li>
              Own version {r.own.setHash.slice(0, 12)}: {r.own.calls.map((c) => c.decision).join(" + ")}{" "}
              {r.own.hashMatches ? "(same set hash)" : "(set hash differs)"}; entity data{" "}
              {r.own.entitiesIntact ? "intact" : "altered"}
            </li>
            {r.other ? (
              <li>
                Under the {r.other.label} ({r.other.setHash.slice(0, 12)}):{" "}
                {r.other.calls
                  .map((c) => `${c.decision} [${c.policies.join(", ") || "no policy"}]`)
                  .join(" + ")}{" "}
                — {r.other.matches ? "same answer" : "answer would change"}
              </li>
            ) : null}
          </ul>
        </Alert>
      ) : null}
    </div>
  );
}
