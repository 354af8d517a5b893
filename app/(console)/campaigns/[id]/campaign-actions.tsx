"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { closeCampaignAction, completeCampaignAction, rerunCampaignAction } from "@/lib/campaigns/actions";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";

/** Close (applies the deadline rule), complete (with an accepted-risk reason when needed), re-run. */
export function CampaignActions({
  campaignId,
  closed,
  completed,
}: {
  campaignId: string;
  closed: boolean;
  completed: boolean;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function go<T>(
    fn: () => Promise<{ ok: true; data: T } | { ok: false; error: string }>,
    done: (d: T) => void,
  ) {
    setBusy(true);
    setError(null);
    const r = await fn();
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      toast.error(r.error);
      return;
    }
    done(r.data);
    router.refresh();
  }
  if (!closed) {
    return (
      <Dialog
        trigger={
          <Button size="sm" variant="destructive">
            Close campaign
          </Button>
        }
        title="Close this campaign"
        description="Reviewers can no longer decide. Undecided items get the deadline rule now."
      >
        {(close) => (
          <div className="space-y-3">
            <FormError error={error} />
            <div className="flex justify-end gap-2">
              <Button variant="outline" onClick={close}>
                Cancel
              </Button>
              <Button
                variant="destructive"
                loading={busy}
                onClick={() =>
                  void go(
                    () => closeCampaignAction({ campaignId }),
                    (d) => {
                      toast.success(
                        `Closed: ${d.silent} unanswered, ${d.autoRevoked} revoked by the deadline rule`,
                      );
                      close();
                    },
                  )
                }
              >
                Close and apply the rule
              </Button>
            </div>
          </div>
        )}
      </Dialog>
    );
  }
  return (
    <>
      {!completed ? (
        <Dialog
          trigger={<Button size="sm">Complete</Button>}
          title="Mark complete"
          description="Unsupported or failed remediation needs your reason for accepting the risk."
        >
          {(close) => (
            <form
              className="space-y-3"
              onSubmit={(e) => {
                e.preventDefault();
                const reason = String(new FormData(e.currentTarget).get("reason") ?? "");
                void go(
                  () => completeCampaignAction({ campaignId, riskAcceptedReason: reason }),
                  () => {
                    toast.success("Campaign complete");
                    close();
                  },
                );
              }}
            >
              <FormError error={error} />
              <FormField label="Accepted-risk reason (if needed)" htmlFor="reason">
                <Textarea id="reason" name="reason" rows={3} />
              </FormField>
              <div className="flex justify-end gap-2">
                <Button variant="outline" onClick={close}>
                  Cancel
                </Button>
                <Button type="submit" loading={busy}>
                  Complete
                </Button>
              </div>
            </form>
          )}
        </Dialog>
      ) : null}
      <Dialog
        trigger={
          <Button size="sm" variant="outline">
            Re-run
          </Button>
        }
        title="Re-run for non-responders"
        description="A new campaign with only the items nobody answered, for the same reviewers."
      >
        {(close) => (
          <form
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              const dueAt = String(new FormData(e.currentTarget).get("dueAt") ?? "");
              void go(
                () =>
                  rerunCampaignAction({
                    campaignId,
                    dueAt: dueAt ? new Date(`${dueAt}T23:59:00Z`) : (undefined as unknown as Date),
                  }),
                (d) => {
                  toast.success(`Re-run with ${d.items} items`);
                  close();
                  router.push(`/campaigns/${d.id}`);
                },
              );
            }}
          >
            <FormError error={error} />
            <FormField label="Due" htmlFor="rerun-due" required>
              <Input id="rerun-due" name="dueAt" type="date" />
            </FormField>
            <div className="flex justify-end gap-2">
              <Button variant="outline" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={busy}>
                Re-run
              </Button>
            </div>
          </form>
        )}
      </Dialog>
    </>
  );
}
