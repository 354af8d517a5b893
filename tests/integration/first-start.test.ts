import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { migrate } from "@/lib/db/migrate";
import { uid } from "../support/factories";

// A real deployment's first start (an empty external database without --demo): no demo data,
// no demo logins, one admin whose one-time password must be changed.
describe("first start against an empty external database", () => {
  it("creates one admin with a one-time password and refuses the demo password", async () => {
    const name = `triad_first_${uid()}`;
    await db.$executeRawUnsafe(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${name}`;
      await migrate(url.toString());
      const out = execFileSync(process.execPath, ["--import", "tsx", "tests/support/first-start-child.ts"], {
        env: { ...process.env, DATABASE_URL: url.toString() },
        encoding: "utf8",
        timeout: 60_000,
      });
      const result = JSON.parse(out.trim().split("\n").at(-1)!);
      expect(result.demo.every((s: string) => s === "refused")).toBe(true);
      // ADMIN must use a second factor: the right password leads to enrolment.
      expect(result.admin).toBe("enrol_required");
      expect(result).toMatchObject({ mustChange: true, roles: ["ADMIN"], users: 1, actors: 0, again: null });
    } finally {
      await db.$executeRawUnsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }, 90_000);
});
