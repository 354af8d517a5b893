import { describe, expect, it } from "vitest";
import { refuseAddress, refusedAddressResponse } from "./address";

describe("refuseAddress", () => {
  it("refuses %00 in the path or the query", () => {
    expect(refuseAddress("http://localhost:3000/audit?q=a%00b")).toMatch(/NUL character/);
    expect(refuseAddress("http://localhost:3000/inventory/%00")).toMatch(/NUL character/);
    expect(refuseAddress(new URL("http://localhost/x?q=a\u0000b").href)).toMatch(/NUL character/);
  });

  it("refuses a path segment that does not decode, and leaves the query to the page", () => {
    expect(refuseAddress("http://localhost:3000/actors/%ED%A0%80")).toMatch(/not UTF-8/);
    expect(refuseAddress("http://localhost:3000/actors/%ZZ")).toMatch(/not UTF-8/);
    expect(refuseAddress("http://localhost:3000/login?x=%ED%A0%80")).toBeNull();
  });

  it("passes everything else", () => {
    expect(refuseAddress("http://localhost:3000/audit?q=a%2500b")).toBeNull();
    expect(refuseAddress("http://localhost:3000/actors/caf%C3%A9?q=Triad")).toBeNull();
  });
});

describe("refusedAddressResponse", () => {
  it("answers API callers in JSON and people with a page, both 400", async () => {
    const api = refusedAddressResponse("http://localhost/api/inventory/export?q=%00", "bad");
    expect(api.status).toBe(400);
    expect(await api.json()).toEqual({ error: "invalid_request", message: "bad" });
    const page = refusedAddressResponse("http://localhost/actors/%ZZ", "bad");
    expect(page.status).toBe(400);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("<h1>This address cannot be opened</h1>");
  });
});
