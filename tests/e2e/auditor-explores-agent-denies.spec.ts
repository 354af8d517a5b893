import { readFile } from "node:fs/promises";
import { systemCaller } from "@/lib/actions/caller";
import { db } from "@/lib/db";
import { createApiClient } from "@/lib/api-clients/mutations";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { makeHuman, uid } from "../support/factories";
import { expect, test } from "./fixtures";

// An auditor asks "what did this agent try to do on behalf of Alice, and which policy stopped
// it?": narrows the explorer to one agent's denies for one day, opens a decision, reads the
// determining policy's text and the on-behalf-of human, and exports the view.
test("an auditor narrows to one agent's denies for a day, opens one, sees why, and exports the view", async ({
  page,
  signedIn,
}) => {
  test.setTimeout(180_000);
  await ensureStarterPolicies();
  const alice = await makeHuman({ name: `Alice ${uid()}` });
  const agentName = `triage-agent-${uid()}`;
  const agent = await db.actor.create({
    data: {
      kind: "AGENT",
      displayName: agentName,
      externalId: uid(),
      sourceSystem: "e2e",
      agent: {
        create: {
          model: "claude",
          provider: "Anthropic",
          runtime: "e2e",
          sponsorId: alice.id,
          toolAllowList: ["search_docs"],
          autonomyLevel: "BOUNDED_AUTONOMY",
          onBehalfOf: "SPONSOR",
        },
      },
    },
  });
  const { token } = await createApiClient(systemCaller("e2e"), {
    name: `e2e gateway ${uid()}`,
    scopes: ["access:evaluate"],
  });
  const ask = async (tool: string) => {
    const r = await page.request.post("/access/v1/evaluation", {
      headers: {
        authorization: `Bearer ${token}`,
        traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      },
      data: {
        subject: { type: "agent", id: agent.id },
        action: { name: "invokeTool" },
        resource: { type: "tool", id: tool },
        context: { onBehalfOf: { type: "human", id: alice.id } },
      },
    });
    expect(r.status()).toBe(200);
  };
  for (const tool of ["deploy_prod", "search_docs", "deploy_prod", "search_docs", "deploy_prod"])
    await ask(tool);

  await signedIn(["AUDITOR"]);
  await page.goto("/decisions");
  await expect(page.getByRole("heading", { name: "Decisions" })).toBeVisible();
  await page.screenshot({ path: "/tmp/explorer-start.png", fullPage: true });

  await page.getByLabel("Time window").selectOption("24h");
  await page.getByLabel("Agent", { exact: true }).fill(agentName);
  await page.getByRole("group", { name: "Decision" }).getByLabel("deny").check();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/decision=DENY/);
  await expect(page).toHaveURL(/window=24h/);

  const rows = page.getByRole("row").filter({ hasText: agentName });
  await expect(rows).toHaveCount(3);
  for (const row of await rows.all()) await expect(row).toContainText("deny");
  await page.screenshot({ path: "/tmp/explorer-filtered.png", fullPage: true });

  await rows.first().click();
  const drawer = page.getByRole("dialog");
  await expect(drawer.getByTestId("on-behalf-of")).toHaveText(alice.displayName);
  await expect(drawer.getByTestId("policy-text").first()).toContainText(/forbid|permit/);
  await expect(drawer.getByText("4bf92f3577b34da6a3ce929d0e0e4736", { exact: false })).toBeVisible();
  await page.screenshot({ path: "/tmp/explorer-drawer.png", fullPage: false });

  await drawer.getByRole("button", { name: "Replay this decision" }).click();
  await expect(drawer.getByText("Replay under its own version matches")).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: "/tmp/explorer-replay.png", fullPage: false });

  // The entities Cedar saw are stored once each (by hash) and shown inline: the agent's own entity
  // lists its tools; a snapshot that is missing is said to be, and shown by its hash.
  const entities = drawer.getByRole("heading", { name: "Entities Cedar saw" });
  await entities.scrollIntoViewIfNeeded();
  await expect(drawer.getByText(/search_docs/).first()).toBeVisible();
  await page.screenshot({ path: "/tmp/explorer-entities.png", fullPage: false });
  const seq = BigInt(new URL(page.url()).searchParams.get("open")!.split("@")[0]);
  await db.$executeRawUnsafe(
    `UPDATE "DecisionRecord" SET cedar = jsonb_set(cedar, '{0,request,entities,0}', to_jsonb($2::text)) WHERE seq = $1`,
    seq,
    "0".repeat(64),
  );
  await page.reload();
  await entities.scrollIntoViewIfNeeded();
  await expect(drawer.getByText(/entity snapshot this decision names is missing/)).toBeVisible();
  await page.screenshot({ path: "/tmp/explorer-entity-missing.png", fullPage: false });
  await drawer.getByRole("link", { name: "Close the decision" }).click();

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "JSON Lines" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^triad-decisions-jsonl-.*\.jsonl$/);
  const lines = (await readFile((await file.path())!, "utf8"))
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(lines).toHaveLength(3);
  expect(
    lines.every((l) => l.decision === "DENY" && l.subject.id === agent.id && l.on_behalf_of.id === alice.id),
  ).toBe(true);
  expect(
    await db.logEntry.count({
      where: { action: "decision.exported", details: { path: ["format"], equals: "jsonl" } },
    }),
  ).toBeGreaterThan(0);
});
