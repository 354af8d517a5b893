import { systemCaller } from "@/lib/actions/caller";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { db } from "@/lib/db";
import { createApiClient } from "@/lib/api-clients/mutations";
import { scheduleJob } from "@/lib/jobs/schedule";
import { makeHuman, uid } from "../support/factories";
import { expect, test } from "./fixtures";

// A security admin revokes an API client in the console (a server action in Next.js's copy of
// lib/) and the decision API (the lean routes' copy, same process) refuses it at once; then
// finds a failed job on Settings → Jobs and retries it.
test("a revoked API client is refused by the decision API at once; a failed job is retried from Settings → Jobs", async ({
  page,
  signedIn,
}) => {
  test.setTimeout(120_000);
  await signedIn(["ADMIN"]);
  const name = `e2e gateway ${uid()}`;
  const { token } = await createApiClient(systemCaller(), { name, scopes: ["access:evaluate"] });
  const human = await makeHuman();
  const ask = async () =>
    (
      await page.request.post("/access/v1/evaluation", {
        headers: { authorization: `Bearer ${token}` },
        data: {
          subject: { type: "human", id: human.id },
          action: { name: "invokeTool" },
          resource: { type: "tool", id: "search_docs" },
        },
      })
    ).status();
  expect(await ask()).toBe(200);

  await page.goto("/settings/api-clients");
  page.once("dialog", (d) => void d.accept());
  await page
    .getByRole("row", { name: new RegExp(name) })
    .getByRole("button", { name: "Revoke" })
    .click();
  await expect(page.getByText(`${name} revoked`)).toBeVisible();
  const revokedAt = Date.now();
  await expect.poll(ask, { timeout: 1_000, intervals: [10] }).toBe(401);
  console.log(
    `[e2e] console revoke → decision API refused after ${Date.now() - revokedAt} ms (from the toast)`,
  );

  const key = `e2e:failed:${uid()}`;
  await db.$transaction((tx) =>
    scheduleJob(
      tx,
      "webhooks.deliver",
      {},
      { jobKey: key, runAt: new Date(Date.now() + 3_600_000), maxAttempts: 2 },
    ),
  );
  const [job] = await db.$queryRaw<Array<{ id: bigint }>>`
    UPDATE graphile_worker._private_jobs SET attempts = 2, last_error = 'e2e: endpoint answered 503' WHERE key = ${key} RETURNING id`;

  await page.goto("/settings/jobs?state=failed");
  await expect(page.getByRole("heading", { name: "Jobs", exact: true })).toBeVisible();
  const row = page.getByRole("row", { name: new RegExp(`^${job.id} `) });
  await expect(row).toContainText("e2e: endpoint answered 503");
  await page.screenshot({ path: "/tmp/settings-jobs.png", fullPage: true });

  // WCAG 2.1 AA on the page as rendered.
  const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    type Result = { violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> };
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<Result> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  expect(violations).toEqual([]);

  await row.getByRole("button", { name: `Retry job ${job.id}` }).click();
  await expect(page.getByText(`Job ${job.id} (webhooks.deliver) will run again now`)).toBeVisible();
  const entry = await db.logEntry.findFirst({ where: { action: "job.retried", target: `job:${job.id}` } });
  expect(entry).not.toBeNull();
});
