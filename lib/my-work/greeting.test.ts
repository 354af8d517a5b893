import { describe, expect, it } from "vitest";
import { greetingName } from "./greeting";

describe("greetingName", () => {
  it("uses the given name from the directory", () => {
    expect(greetingName({ givenName: "Chadd", displayName: "Mr. Chadd Stracke" })).toBe("Chadd");
  });
  it("falls back to the full display name, never a bare honorific", () => {
    expect(greetingName({ displayName: "Mr. Chadd Stracke" })).toBe("Mr. Chadd Stracke");
    expect(greetingName({ givenName: "Dr.", displayName: "Dr. Ada Lovelace" })).toBe("Dr. Ada Lovelace");
    expect(greetingName({ givenName: " ", displayName: "Ada Lovelace" })).toBe("Ada Lovelace");
  });
  it("says something friendly when nothing is left", () => {
    expect(greetingName({ displayName: "Mr." })).toBe("there");
    expect(greetingName({ displayName: "" })).toBe("there");
  });
});
