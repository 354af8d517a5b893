import { expectAccessible } from "./axe";
import { expect, test } from "./fixtures";
import { CONSOLE_PAGES, detailPages } from "./pages";

// Every console page, opened with addresses a person could type or a link could carry: numbers
// past 2^53, dates PostgreSQL cannot hold, ids that only look like uuids, broken UTF-8, prototype
// names and long values, in every query key a page reads. A page may ignore them, start over or
// say what is wrong, but never answer with a 500.
const KEYS = [
  "q",
  "page",
  "size",
  "sort",
  "cursor",
  "at",
  "from",
  "to",
  "window",
  "resource",
  "version",
  "status",
  "state",
  "seq",
  "entitlement",
  "view",
  "tab",
  "rq",
  "limit",
  "diff",
  "open",
  "bucket",
  "kind",
  "id",
  "subject",
  "agent",
  "decision",
  "policy",
  "platform",
  "env",
  "risk",
  "claim",
  "owner",
  "job",
  "area",
  "actorKind",
  "grant",
  "callbackUrl",
];
const VALUES = [
  "1e21",
  "-1e21",
  "-271821-04-20T00:00:00Z",
  "0000-01-01",
  "-".repeat(36),
  "%ED%A0%80%FF",
  "__proto__",
  "x".repeat(300),
];
// A server error's payload row ends `{"digest":"<digits>"}`; a client component's error during
// server rendering is marked data-dgst.
const SERVER_ERROR_DIGEST = /digest\\?":\\?"\d+\\?"\}|data-dgst="\d+"/;
const FAKE_IDS = [
  "-".repeat(36),
  "%ED%A0%80",
  "__proto__",
  "0".repeat(8) + "-0000-0000-0000-" + "0".repeat(12),
];
const ID_PAGES = [
  "/actors/:id",
  "/agents/:id/edit",
  "/audit/access/:id",
  "/campaigns/:id",
  "/campaigns/:id/summary",
  "/entitlements/:id",
  "/ownership/retire/:id",
  "/policies/:id",
  "/policies/:id/simulate",
  "/requests/:id",
  "/resources/:id",
];

test("no console page answers a hostile address with a 500", async ({ page, signedIn }) => {
  test.setTimeout(600_000);
  await signedIn(["ADMIN"]);
  const failures: string[] = [];
  const check = async (path: string) => {
    const res = await page.request.get(path, { maxRedirects: 0 });
    // A server component that throws after the page began streaming still answers 200: its
    // error shows as a numeric digest in the page's payload ("Something went wrong" in the UI).
    const crashed = res.status() >= 500 || SERVER_ERROR_DIGEST.test(await res.text());
    // A page that lost the session would pass by redirecting to the sign-in page.
    const signedOut = (res.headers().location ?? "").includes("/login");
    if (crashed || signedOut) failures.push(`${res.status()} ${path.slice(0, 160)}`);
  };
  for (const path of [...CONSOLE_PAGES, ...(await detailPages())])
    for (const value of VALUES) await check(`${path}?${KEYS.map((k) => `${k}=${value}`).join("&")}`);
  for (const path of ID_PAGES) for (const id of FAKE_IDS) await check(path.replace(":id", id));
  expect(failures).toEqual([]);

  // The page a person sees for an address the console refuses says so, and passes axe too.
  const refused = await page.goto("/actors/%ED%A0%80");
  expect(refused?.status()).toBe(400);
  await expect(page.getByRole("heading", { name: "This address cannot be opened" })).toBeVisible();
  await expectAccessible(page, "refused address");
});
