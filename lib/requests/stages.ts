import type { Tx } from "@/lib/db";
import { scheduleJob } from "@/lib/jobs/schedule";
import { requestDeadlineJobKey } from "./fulfil";
import { STAGE_DEADLINE_MINUTES } from "./limits";
import { tellAboutRequest, type RequestFacts } from "./tell";

/**
 * Opens one approval stage (the first at submission, the next after an approval): its
 * deadline, its approvers' inbox rows (except someone who approved an earlier stage: they never
 * count twice), the deadline job, and the inbox message and webhook to its approvers.
 */
export async function openStage(
  tx: Tx,
  facts: RequestFacts,
  stage: { id: string; position: number; of: number; approverIds: string[] },
  note: { title: string; body: string },
  options: { now?: Date; except?: string } = {},
): Promise<Date> {
  const deadline = new Date((options.now ?? new Date()).getTime() + STAGE_DEADLINE_MINUTES * 60_000);
  await tx.requestStage.update({ where: { id: stage.id }, data: { status: "OPEN", deadlineAt: deadline } });
  await tx.requestApprover.updateMany({
    where: { stageId: stage.id, ...(options.except ? { approverId: { not: options.except } } : {}) },
    data: { open: true },
  });
  await scheduleJob(
    tx,
    "requests.deadline",
    { requestId: facts.id },
    { runAt: deadline, jobKey: requestDeadlineJobKey(facts.id) },
  );
  await tellAboutRequest(
    tx,
    "request.created",
    facts,
    { ...note, recipients: stage.approverIds.filter((id) => id !== options.except) },
    { stage: stage.position, stages: stage.of },
  );
  return deadline;
}
