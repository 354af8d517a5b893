import { expect, test } from "./fixtures";

test("an auditor reads the ledger, verifies its chain and exports the evidence", async ({
  page,
  signedIn,
}) => {
  const auditor = await signedIn(["AUDITOR"]);
  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit" })).toBeVisible();

  // Sign the head now, then verify: the new checkpoint is among those that match.
  await page.getByRole("button", { name: "Sign checkpoint now" }).click();
  await expect(page.getByText(/Checkpoint at entry #\d+/)).toBeVisible();
  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByText("Chain intact")).toBeVisible();
  await expect(page.getByText(/signed checkpoints? match/)).toBeVisible();
  await page.screenshot({ path: "/tmp/ledger-bench/audit-verify-card.png", fullPage: false });

  // The public half of the signing key is published for anyone to check exports against.
  const key = await page.request.get("/.well-known/triad-ledger-key");
  expect(key.status()).toBe(200);
  const body = (await key.json()) as {
    algorithm: string;
    keys: { kid: string; public_key_pem: string }[];
    latest_checkpoint: { seq: string } | null;
  };
  expect(body.algorithm).toBe("Ed25519");
  expect(body.keys[0].public_key_pem).toContain("BEGIN PUBLIC KEY");
  expect(body.latest_checkpoint?.seq).toMatch(/^\d+$/);

  // An address PostgreSQL could not search (NUL) is refused with a message, never a 500.
  const nul = await page.request.get("/audit?q=a%00b");
  expect(nul.status()).toBe(400);
  expect(await nul.text()).toContain("NUL character");

  // The check itself is recorded: search the ledger for entries about the ledger.
  await page.getByPlaceholder(/Exact target/).fill("ledger");
  await expect(page).toHaveURL(/q=ledger/);
  const row = page
    .getByRole("row")
    .filter({ hasText: auditor.name })
    .filter({ hasText: "audit.ledger_verified" });
  await expect(row.first()).toBeVisible();

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: /Export this view/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^triad-ledger-.*\.csv$/);
});

test("a service owner may not open the audit log", async ({ page, signedIn }) => {
  await signedIn(["SERVICE_OWNER"]);
  await page.goto("/audit");
  await expect(page.getByText(/don.t have access/i)).toBeVisible();
});
