import { describe, expect, it } from "vitest";
import { stageOutcome, voteOf, type StageOutcome, type Vote } from "./outcome";
import type { OutcomeRule } from "./schemas";

const A = "ACCEPT",
  D = "DENY",
  P = "PENDING";
// rule, votes, final (deadline reached), expected
const cases: Array<[OutcomeRule, Vote[], boolean, StageOutcome]> = [
  ["ONE_ACCEPT", [A], false, "ACCEPTED"],
  ["ONE_ACCEPT", [A, P], false, "ACCEPTED"],
  ["ONE_ACCEPT", [D, A], false, "ACCEPTED"],
  ["ONE_ACCEPT", [D, P], false, "PENDING"],
  ["ONE_ACCEPT", [D, P], true, "DENIED"],
  ["ONE_ACCEPT", [D, D], false, "DENIED"],
  ["ONE_ACCEPT", [P], true, "SILENT"],
  ["ALL_ACCEPT", [A, A], false, "ACCEPTED"],
  ["ALL_ACCEPT", [A, P], false, "PENDING"],
  ["ALL_ACCEPT", [A, P], true, "SILENT"],
  ["ALL_ACCEPT", [A, D], false, "DENIED"],
  ["ALL_ACCEPT", [D, P], false, "DENIED"],
  ["ALL_ACCEPT", [], true, "SILENT"],
  ["ONE_DENY", [D, P], false, "DENIED"],
  ["ONE_DENY", [A, P], false, "PENDING"],
  ["ONE_DENY", [A, P], true, "ACCEPTED"],
  ["ONE_DENY", [A, A], false, "ACCEPTED"],
  ["ONE_DENY", [P, P], true, "SILENT"],
  ["NOT_DENIED", [P], false, "PENDING"],
  ["NOT_DENIED", [P], true, "ACCEPTED"],
  ["NOT_DENIED", [A, D], false, "DENIED"],
  ["NOT_DENIED", [A], false, "ACCEPTED"],
];

describe("stage outcome rules", () => {
  it.each(cases)("%s with %j (deadline %s) → %s", (rule, votes, final, expected) => {
    expect(stageOutcome(rule, votes, final)).toBe(expected);
  });

  it("maps decisions to votes; escalations and delegations are not votes", () => {
    expect(voteOf("ACCEPT")).toBe("ACCEPT");
    expect(voteOf("CERTIFY")).toBe("ACCEPT");
    expect(voteOf("REVOKE")).toBe("DENY");
    expect(voteOf("REDUCE")).toBe("DENY");
    expect(voteOf(null)).toBe("PENDING");
    expect(voteOf("ESCALATE")).toBeNull();
    expect(voteOf("DELEGATE")).toBeNull();
  });
});
