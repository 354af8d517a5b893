import { db } from "@/lib/db";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { createActorClient } from "@/lib/tokens/clients";
import { expect, test, totpNow } from "./fixtures";
import { makePerson } from "../integration/ownership-support";

// A sponsor tightens an agent's tool boundary, sees the proposal the agent makes arrive, approves
// it with a step-up code, and finds the one decision it unlocked, with the agent and the human.
test("sponsor edits the boundary, approves a proposal with a step-up code, sees the decision it unlocked", async ({
  page,
  request,
  signedIn,
}) => {
  await ensureStarterPolicies();
  const person = await makePerson({ name: `Sponsor ${Date.now().toString(36)}` });
  const user = await signedIn(["AGENT_SPONSOR", "AUDITOR"], { actorId: person.id });
  const agentName = `Triage bot ${Date.now().toString(36)}`;
  const agent = await db.actor.create({
    data: {
      kind: "AGENT",
      displayName: agentName,
      externalId: `e2e-${agentName}`,
      sourceSystem: "e2e",
      agent: {
        create: {
          model: "claude",
          provider: "Anthropic",
          runtime: "e2e",
          sponsorId: person.id,
          autonomyLevel: "BOUNDED_AUTONOMY",
          toolAllowList: ["tickets"],
          toolBoundary: [{ tool: "tickets", actions: ["read"], dataScopes: [] }],
        },
      },
    },
  });
  const { clientId, clientSecret } = await createActorClient({ actorId: agent.id, name: "e2e runtime" });
  const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;

  // 1. The sponsor allows closing tickets, but only with approval (the "!").
  await page.goto(`/agents/${agent.id}/edit`);
  await expect(page.getByRole("heading", { name: agentName })).toBeVisible();
  // Typing before hydration would be merged with the server-rendered value.
  await page.waitForLoadState("networkidle");
  const boundary = page.getByLabel("Tool boundary");
  await boundary.clear();
  await boundary.fill("tickets: read, close!");
  await expect(boundary).toHaveValue("tickets: read, close!");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Agent saved; the change is in the ledger")).toBeVisible();
  await expect
    .poll(
      async () => (await db.agentProfile.findUniqueOrThrow({ where: { actorId: agent.id } })).toolBoundary,
    )
    .toEqual([{ tool: "tickets", actions: ["read", "close"], dataScopes: [], approve: ["close"] }]);
  expect(await db.logEntry.count({ where: { action: "agent.updated", target: `actor:${agent.id}` } })).toBe(
    1,
  );

  // 2. The agent opens a session and asks to close a ticket: a proposal, not an allow.
  const opened = await request.post("/api/v1/agent-sessions", {
    headers: { authorization: basic },
    data: { task: "close duplicates" },
  });
  expect(opened.status()).toBe(201);
  const { session_token } = (await opened.json()) as { session_token: string };
  const auth = { authorization: `Bearer ${session_token}` };
  const call = (extra: Record<string, unknown> = {}) =>
    request.post("/access/v1/evaluation", {
      headers: auth,
      data: {
        subject: { type: "agent", id: agent.id },
        action: { name: "invokeTool" },
        resource: { type: "tool", id: "tickets" },
        context: {
          operation: "close",
          arguments: { ticket: "OPS-77" },
          reason: "duplicate of OPS-76",
          ...extra,
        },
      },
    });
  const asked = await (await call()).json();
  expect(asked.context.reason_admin.en).toBe("approval required");

  // 3. It arrives in the sponsor's queue (with a count in the sidebar); approve with a code.
  await page.goto("/proposals");
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("link", { name: /Proposals/ }).getByText("1")).toBeVisible();
  const card = page.getByTestId("pending-proposals");
  await expect(card.getByText(`${agentName} proposes`)).toBeVisible();
  await expect(card.getByText("duplicate of OPS-76")).toBeVisible();
  await expect(card.getByText('"ticket": "OPS-77"')).toBeVisible();
  await page.screenshot({ path: "/tmp/agents-proposals.png", fullPage: true });
  await card.getByLabel("Authenticator code").fill(totpNow(user.totpSecret!));
  await card.getByRole("button", { name: "Approve" }).click();
  // The decided proposal leaves the queue (its card, and so its form, unmount) and is listed as approved.
  await expect(page.getByText("Nothing to decide")).toBeVisible();
  await expect(
    page.getByText("Decided recently").locator("..").locator("..").getByText("Approved"),
  ).toBeVisible();

  // 4. The agent collects its single-use credential and uses it once.
  const proposal = await db.agentProposal.findFirstOrThrow({
    where: { agentId: agent.id },
    select: { id: true, status: true },
  });
  expect(proposal.status).toBe("APPROVED");
  const cred = await (
    await request.post("/api/v1/proposals/credential", { headers: auth, data: { proposal_id: proposal.id } })
  ).json();
  const ok = await (await call({ approval: cred.approval })).json();
  expect(ok.decision).toBe(true);
  expect((await call({ approval: cred.approval })).status()).toBe(403);

  // 5. The decision it unlocked, with the agent and the human who approved it.
  await page.goto(`/decisions?window=1h&agent=${agent.id}`);
  const row = page.getByRole("row").filter({ hasText: `approved by ${person.displayName}` });
  await expect(row).toBeVisible();
  await expect(row.getByText(agentName).first()).toBeVisible();
  await page.screenshot({ path: "/tmp/agents-decisions.png", fullPage: true });

  await page.goto("/agents");
  await expect(page.getByText(agentName)).toBeVisible();
  await page.screenshot({ path: "/tmp/agents-list.png", fullPage: true });
  await page.goto(`/agents/${agent.id}/edit`);
  await page.screenshot({ path: "/tmp/agents-edit.png", fullPage: true });
});
