import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { ImportFileError, readCsv } from "./csv";

describe("readCsv", () => {
  it("reads a file of many slices the same as a small one, pairs and quoted newlines intact", async () => {
    // A surrogate pair straddling the 64 KiB slice boundary, and a quoted field with a newline.
    const pad = "x".repeat(64 * 1024 - "id,name\n1,".length - 1);
    const text = `\uFEFFid,name\n1,${pad}😀\n2,"two\nlines"\n${Array.from({ length: 5000 }, (_, i) => `${i + 3},n${i}`).join("\n")}`;
    const table = await readCsv(text);
    expect(table.headers).toEqual(["id", "name"]);
    expect(table.rows).toHaveLength(5002);
    expect(table.rows[0].values.name).toBe(`${pad}😀`);
    expect(table.rows[1].values.name).toBe("two\nlines");
    // Lines are the file's: the quoted newline counts, and a row is numbered where it starts.
    expect(table.rows[1].line).toBe(3);
    expect(table.rows[5001]).toEqual({ line: 5004, values: { id: "5002", name: "n4999" } });
  });

  it("gives the event loop turns while it parses a large file", async () => {
    let turns = 0;
    let counting = true;
    const count = async () => {
      while (counting) {
        await nextTurn();
        turns++;
      }
    };
    const ticking = count();
    await readCsv(`a,b\n${"1,2\n".repeat(200_000)}`);
    counting = false;
    await ticking;
    expect(turns).toBeGreaterThan(5);
  });

  it("refuses an empty file and malformed CSV (unclosed quote, open quote to the end across slices) with a message", async () => {
    await expect(readCsv("  \n")).rejects.toThrow(ImportFileError);
    await expect(readCsv('a,b\n"unclosed,1\n')).rejects.toThrow(/not valid CSV/);
    await expect(readCsv(`a\n"${"y".repeat(70 * 1024)}`)).rejects.toThrow(/not valid CSV/);
  });

  it("refuses a file holding NUL, naming its line", async () => {
    await expect(readCsv("a,b\n1,2\n3,x\u0000y\n")).rejects.toThrow(/NUL character \(line 3\)/);
  });

  it("marks ragged rows for a row error instead of failing the file", async () => {
    const table = await readCsv("a,b\n1\n\n1,2,3\n");
    expect(table.rows.map((r) => r.values.__columns)).toEqual(["1", "3"]);
    expect(table.rows.map((r) => r.line)).toEqual([2, 4]);
  });
});
