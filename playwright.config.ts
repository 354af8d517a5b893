import { defineConfig, devices } from "@playwright/test";
import { embeddedUrls } from "./lib/db/embedded";

// End-to-end tests drive Debian's Chromium (no browser download) against the real console:
// `scripts/start.ts` on its own port with its own embedded PostgreSQL under .triad/e2e.
// E2E_BASE_URL points the tests at a console that is already running instead.
const port = Number(process.env.E2E_PORT ?? 3199);
const pgPort = Number(process.env.E2E_PG_PORT ?? 54349);
export const E2E_AUTH_SECRET = "e2e-only-secret-0123456789abcdefghijklmnopqrstuvwxyz";
process.env.AUTH_SECRET ??= E2E_AUTH_SECRET;
// Fixtures write as the owner of the e2e database (its random credentials live in the data folder).
process.env.DATABASE_URL ??= embeddedUrls(".triad/e2e/pgdata", pgPort).ownerUrl;
const baseURL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    ...devices["Desktop Chrome"],
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: process.env.E2E_BASE_URL
    ? undefined
    : {
        command: "npm start",
        url: `${baseURL}/login`,
        timeout: 400_000,
        reuseExistingServer: false,
        stdout: "pipe",
        env: {
          // The fixtures' DATABASE_URL (set above) must not leak in: the server starts the
          // embedded database that URL points at.
          DATABASE_URL: "",
          PORT: String(port),
          TRIAD_DATA_DIR: ".triad/e2e",
          TRIAD_EMBEDDED_PG_PORT: String(pgPort),
          AUTH_SECRET: process.env.AUTH_SECRET,
          NEXT_TELEMETRY_DISABLED: "1",
        },
      },
});
