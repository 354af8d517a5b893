// `npm test`: every tier, on real parts. Unit tests, integration tests on an embedded
// PostgreSQL the run starts itself, then end-to-end tests in Debian's Chromium against the
// built console (Playwright starts it on its own port and database). Prints one closing
// "N passed, N failed" line across the tiers.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const started = Date.now();
const totals = { passed: 0, failed: 0, skipped: 0 };
const say = (line: string) => console.log(`\n[test] ${line}`);

function run(command: string, args: string[], env: Record<string, string> = {}): number {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function chromiumPath(): string | null {
  for (const candidate of [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return null;
}

function ensureChromium(): string {
  const found = chromiumPath();
  if (found) return found;
  if (process.getuid?.() === 0) {
    say("Chromium is missing: installing Debian's chromium package (apt-get)…");
    run("apt-get", ["update", "-qq"]);
    run("apt-get", ["install", "-y", "-qq", "chromium"], { DEBIAN_FRONTEND: "noninteractive" });
    const installed = chromiumPath();
    if (installed) return installed;
  }
  console.error(
    "[test] end-to-end tests need Chromium. Install it with `sudo apt-get install chromium` (Debian/Ubuntu) or set CHROMIUM_PATH.",
  );
  process.exit(1);
}

// A tier that failed without a report (it could not start) still counts as a failure.
function countVitest(file: string) {
  if (!existsSync(file)) {
    totals.failed += 1;
    return;
  }
  const report = JSON.parse(readFileSync(file, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numFailedTestSuites?: number;
  };
  totals.passed += report.numPassedTests;
  // A file that fails before its tests run (a beforeAll, an import) fails no test by itself:
  // count it, or its skipped tests would read as a green run.
  totals.failed += report.numFailedTests + (report.numFailedTestSuites ?? 0);
  totals.skipped += report.numPendingTests + report.numTodoTests;
}

function countPlaywright(file: string) {
  if (!existsSync(file)) {
    totals.failed += 1;
    return;
  }
  const report = JSON.parse(readFileSync(file, "utf8")) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  };
  totals.passed += report.stats.expected + report.stats.flaky;
  totals.failed +=
    report.stats.unexpected +
    (report.stats.expected + report.stats.unexpected + report.stats.flaky === 0 ? 1 : 0);
  totals.skipped += report.stats.skipped;
}

rmSync("test-results", { recursive: true, force: true });
const failures: string[] = [];

say("unit tests");
if (
  run("npx", [
    "vitest",
    "run",
    "--project",
    "unit",
    "--reporter=default",
    "--reporter=json",
    "--outputFile=test-results/unit.json",
  ]) !== 0
)
  failures.push("unit");
countVitest("test-results/unit.json");

say("integration tests (embedded PostgreSQL)");
if (
  run("npx", [
    "vitest",
    "run",
    "--project",
    "integration",
    "--reporter=default",
    "--reporter=json",
    "--outputFile=test-results/integration.json",
  ]) !== 0
)
  failures.push("integration");
countVitest("test-results/integration.json");

say("end-to-end tests (Chromium)");
const chromium = ensureChromium();
rmSync(".triad/e2e", { recursive: true, force: true });
if (run("npx", ["playwright", "test"], { CHROMIUM_PATH: chromium }) !== 0) failures.push("e2e");
countPlaywright("test-results/e2e.json");

const seconds = ((Date.now() - started) / 1000).toFixed(0);
say(`all tiers done in ${seconds} s${failures.length ? `; failing tiers: ${failures.join(", ")}` : ""}`);
console.log(
  `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`,
);
process.exit(failures.length || totals.failed ? 1 : 0);
