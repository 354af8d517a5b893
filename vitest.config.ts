import path from "node:path";
import { defineConfig } from "vitest/config";

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
          // Node 20's V8 can abort a process under sustained decision load while deoptimising the
          // inlined PDP (see scripts/start.ts); the servers run without TurboFan inlining, and so
          // do the test workers that run the lean routes in-process.
          execArgv: ["--no-turbo-inlining"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
