import pg from "pg";
import { inject, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "@/lib/db/migrate";

describe("migration runner", () => {
  it("records every migration like prisma migrate deploy, with its checksum", async () => {
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      const files = readMigrations();
      expect(rows.map((r) => r.migration_name)).toEqual(files.map((m) => m.name));
      expect(rows.map((r) => r.checksum)).toEqual(files.map((m) => m.checksum));
      for (const r of rows) expect(r.finished_at).not.toBeNull();
    } finally {
      await client.end();
    }
  });

  it("is idempotent: a second run applies nothing", async () => {
    expect(await migrate(inject("databaseUrl"))).toEqual([]);
  });

  it("refuses a migration that was edited after it was applied", async () => {
    const [first, ...rest] = readMigrations();
    const edited = { ...first, checksum: "0".repeat(64) };
    await expect(migrate(inject("databaseUrl"), [edited, ...rest])).rejects.toThrow(
      /changed after it was applied/,
    );
  });
});
