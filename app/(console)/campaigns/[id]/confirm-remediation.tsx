"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { confirmRemediationAction } from "@/lib/campaigns/actions";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";

/** The owner confirms the access is gone in the target system, or reports that removal failed. */
export function ConfirmRemediation({ itemId }: { itemId: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const send = async (state: "APPLIED" | "FAILED") => {
    setBusy(true);
    const r = await confirmRemediationAction({ itemId, state });
    setBusy(false);
    if (!r.ok) return toast.error(r.error);
    toast.success(state === "APPLIED" ? "Removal confirmed" : "Marked failed");
    router.refresh();
  };
  return (
    <div className="flex justify-end gap-2">
      <Button size="sm" variant="outline" disabled={busy} onClick={() => void send("APPLIED")}>
        Removed
      </Button>
      <Button size="sm" variant="ghost" disabled={busy} onClick={() => void send("FAILED")}>
        Failed
      </Button>
    </div>
  );
}
