import { describe, expect, it, vi } from "vitest";
import { ledgerCsvStream } from "./export";
import type { LedgerQuery } from "./queries";

const WHOLE: LedgerQuery = { arms: [], systemName: null, actions: null, kinds: null, truncated: false };

const row = (seq: number) => ({
  seq: BigInt(seq),
  at: new Date(0),
  actor: "a",
  actorKind: "USER",
  actorName: "=cmd()",
  action: "auth.login",
  target: null,
  details: {},
  prevHash: "p",
  hash: `h${seq}`,
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("audit CSV export stream", () => {
  it("pages through the rows and neutralises formulas", async () => {
    const pages = [Array.from({ length: 2000 }, (_, i) => row(5000 - i)), [row(1)]];
    const text = await readAll(ledgerCsvStream(WHOLE, { fetch: async () => pages.shift() ?? [] }));
    expect(text.split("\n")[0]).toBe("seq,at,actor,actorKind,actorName,action,target,details,prevHash,hash");
    expect(text.trim().split("\n")).toHaveLength(2002);
    expect(text).toContain("'=cmd()");
  });

  it("ends with an error line (no unhandled rejection) when the database fails part-way", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    let calls = 0;
    const text = await readAll(
      ledgerCsvStream(WHOLE, {
        fetch: async () => {
          if (calls++ === 0) return Array.from({ length: 2000 }, (_, i) => row(9000 - i));
          throw new Error("connection reset");
        },
      }),
    );
    expect(text.trim().split("\n").at(-1)).toMatch(/^# EXPORT INCOMPLETE/);
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });

  it("keeps the header when the first read fails", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const text = await readAll(
      ledgerCsvStream(WHOLE, {
        fetch: async () => {
          throw new Error("connection reset");
        },
      }),
    );
    expect(text.split("\n")[0]).toBe("seq,at,actor,actorKind,actorName,action,target,details,prevHash,hash");
    expect(text).toMatch(/# EXPORT INCOMPLETE/);
    log.mockRestore();
  });

  it("says nothing failed when the client goes away during a read", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    let release = () => {};
    const reading = new Promise<void>((resolve) => (release = resolve));
    const stream = ledgerCsvStream(WHOLE, {
      fetch: async () => {
        await reading;
        return [row(1)];
      },
    });
    const reader = stream.getReader();
    const first = reader.read();
    await new Promise((r) => setTimeout(r, 10));
    await reader.cancel();
    release();
    await first;
    await new Promise((r) => setTimeout(r, 10));
    expect(log).not.toHaveBeenCalled();
    log.mockRestore();
  });
});
