import { describe, expect, it } from "vitest";
import { loginSchema, safeCallbackUrl } from "./schemas";

describe("sign-in input", () => {
  it("only follows same-site callback paths", () => {
    expect(safeCallbackUrl("/inventory?kind=NHI")).toBe("/inventory?kind=NHI");
    for (const evil of [
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "javascript:alert(1)",
      "",
      undefined,
    ]) {
      expect(safeCallbackUrl(evil)).toBe("/");
    }
  });

  it("normalises the email and rejects bad input with field messages", () => {
    expect(loginSchema.parse({ email: "  Ana@Corp.Example ", password: "x" }).email).toBe("ana@corp.example");
    const bad = loginSchema.safeParse({ email: "not-an-email", password: "" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path[0]).sort()).toEqual(["email", "password"]);
  });
});
