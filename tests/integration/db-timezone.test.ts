import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { requireDatabaseUrl } from "@/lib/env";

// Prisma's pg adapter sends a Date as UTC text without an offset: the console's sessions must
// read it as UTC whatever the server's own time zone is.
describe("time parameters", () => {
  it("are read as UTC by the console's sessions, even on a server set to another zone", async () => {
    const at = new Date("2026-06-01T12:34:56.789Z");
    const [row] = await db.$queryRaw<{ zone: string; same: boolean }[]>`
      SELECT current_setting('TimeZone') AS zone, ${at}::timestamptz = '2026-06-01T12:34:56.789Z'::timestamptz AS same`;
    expect(row).toEqual({ zone: "UTC", same: true });
    // The server's default is not what decides it: a plain session may be elsewhere.
    const other = new pg.Client({
      connectionString: requireDatabaseUrl(),
      options: "-c TimeZone=Asia/Tokyo",
    });
    await other.connect();
    const { rows } = await other.query<{ same: boolean }>(
      `SELECT '2026-06-01 12:34:56.789'::timestamptz = '2026-06-01T12:34:56.789Z'::timestamptz AS same`,
    );
    await other.end();
    expect(rows[0].same).toBe(false);
  });
});
