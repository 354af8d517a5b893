import path from "node:path";
import { defineConfig } from "vitest/config";
import { SERVER_V8_FLAGS } from "./scripts/lib/v8-flags";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["lib/**/*.test.ts", "scripts/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/support/global-setup.ts"],
          // Inlined so that a test's vi.mock("next/headers") also reaches Auth.js's own import
          // (tests/integration/authorization-matrix.test.ts signs real sessions in through it).
          server: { deps: { inline: ["next-auth"] } },
          setupFiles: ["tests/support/setup-env.ts"],
          // One real database, shared: files run one after another.
          fileParallelism: false,
          // The test workers run the lean routes in-process: the servers' V8 flags
          // (scripts/lib/v8-flags.ts: Node 20's V8 aborts on a lazy deopt inside Cedar's Wasm call).
          execArgv: [...SERVER_V8_FLAGS],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
