import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SERVER_V8_FLAGS } from "./v8-flags";

// The smallest form of the V8 abort that SERVER_V8_FLAGS avoids: a function that TurboFan
// optimised with Cedar's statefulIsAuthorized (a JS→Wasm call returning externref) inlined is
// deoptimised lazily while it is inside that call. Cedar stringifies its argument from inside
// Wasm, so the argument's toJSON runs there and forces the lazy deoptimisation, as a map change
// made by Cedar's JSON.parse of its answer does under real load.
const REPRO = `
const cedar = require(${JSON.stringify(path.resolve("node_modules/@cedar-policy/cedar-wasm/nodejs"))});
cedar.preparsePolicySet("p", { staticPolicies: "permit(principal, action, resource);" });
let trigger = false;
const context = { toJSON() { if (trigger) { trigger = false; %DeoptimizeFunction(decide); } return {}; } };
function decide() {
  const a = cedar.statefulIsAuthorized({
    principal: { type: "U", id: "a" }, action: { type: "Action", id: "x" }, resource: { type: "R", id: "r" },
    context, entities: [], preparsedPolicySetId: "p",
  });
  return a.response.decision;
}
%PrepareFunctionForOptimization(decide);
for (let i = 0; i < 20000; i++) decide();
%OptimizeFunctionOnNextCall(decide);
decide();
trigger = true;
console.log("ANSWER=" + decide());
`;

const run = (flags: readonly string[]) =>
  spawnSync(process.execPath, ["--allow-natives-syntax", ...flags, "-e", REPRO], { encoding: "utf8" });

describe("V8 flags of the server processes", () => {
  it("a lazy deoptimisation inside Cedar's Wasm call does not abort the process", () => {
    const out = run(SERVER_V8_FLAGS);
    expect(out.stderr).not.toMatch(/Fatal error/);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain("ANSWER=allow");
  }, 60_000);

  // Documents why the flag exists; on a later V8 that fixed the deoptimizer this may start to
  // pass without it, and the flag can go.
  it.runIf(process.versions.v8.startsWith("11.3."))(
    "without the flag, Node 20's V8 aborts",
    () => {
      const out = run([]);
      expect(out.stderr).toMatch(/unreachable code/);
      expect(out.status).not.toBe(0);
    },
    60_000,
  );
});
