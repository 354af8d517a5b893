import { describe, expect, it } from "vitest";
import { LEDGER_ACTIONS, LEDGER_ACTION_AREAS, isLedgerActionName, target } from "./actions";

describe("ledger actions", () => {
  it("lists each action once, as area.verb", () => {
    expect(new Set(LEDGER_ACTIONS).size).toBe(LEDGER_ACTIONS.length);
    for (const a of LEDGER_ACTIONS) expect(a).toMatch(/^[a-z_]+\.[a-z_]+$/);
  });

  it("derives one area per prefix, each matching at least one action", () => {
    for (const area of LEDGER_ACTION_AREAS)
      expect(LEDGER_ACTIONS.some((a) => a.startsWith(`${area}.`))).toBe(true);
    expect(LEDGER_ACTION_AREAS).toEqual(
      expect.arrayContaining(["team", "signing_key", "scim_token", "actor", "inventory"]),
    );
    expect(LEDGER_ACTION_AREAS).not.toContain("retirement");
  });

  it("builds targets one way", () => {
    expect(target("grant", "g1")).toBe("grant:g1");
    expect(target("ledger")).toBe("ledger");
    expect(isLedgerActionName("grant.revoked")).toBe(true);
    expect(isLedgerActionName("grant.nope")).toBe(false);
  });
});
