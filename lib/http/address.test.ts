import { describe, expect, it } from "vitest";
import { refuseNulAddress } from "./address";

describe("refuseNulAddress", () => {
  it("refuses %00 in the path or the query and passes everything else", () => {
    expect(refuseNulAddress("http://localhost:3000/audit?q=a%00b")).toMatch(/NUL character/);
    expect(refuseNulAddress("http://localhost:3000/inventory/%00")).toMatch(/NUL character/);
    expect(refuseNulAddress(new URL("http://localhost/x?q=a\u0000b").href)).toMatch(/NUL character/);
    expect(refuseNulAddress("http://localhost:3000/audit?q=a%2500b")).toBeNull();
    expect(refuseNulAddress("http://localhost:3000/audit?q=Triad")).toBeNull();
  });
});
