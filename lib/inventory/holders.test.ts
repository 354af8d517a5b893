import { describe, expect, it } from "vitest";
import { HOLDER_CAP, HOLDER_TOTAL_CAP, holderCount } from "./holders";

describe("holderCount", () => {
  it("prints an exact count, or the cap with a plus once the count stopped there", () => {
    expect(holderCount(1234, false)).toBe("1,234");
    expect(holderCount(HOLDER_CAP + 1, true)).toBe("1,000+");
    expect(holderCount(612, true)).toBe("612+");
    expect(holderCount(HOLDER_TOTAL_CAP + 1, true, HOLDER_TOTAL_CAP)).toBe("100,000+");
  });
});
