import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ROLE_PERMISSIONS } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";
import { setRequestCookies } from "../support/next-request";
import { PUBLIC_ACTIONS, callAction, discoverActions, sessionCookie, type Action } from "../support/actions";
import { makeUser } from "../support/factories";

// Every server action, called by a user holding every role, with input a hostile client can post:
// lone UTF-16 surrogates, prototype-named keys, values of the wrong shape, and the same request
// 50 times at once. Each call must end in a clear refusal or a result — never a thrown error, a
// "something went wrong" (our 500), or a polluted Object.prototype.
vi.mock("next/headers", () => import("../support/next-request"));
vi.mock("next/cache", () => import("../support/next-cache"));

const INTERNAL = /went wrong on our side|thrown:/;
const INVALID = "Please correct the highlighted fields.";
const HOSTILE: Array<[string, unknown]> = [
  ["lone surrogates", { id: "\ud800", name: "x\udfffy", reason: "\ud83d", tags: ["\udc00"] }],
  ["a lone surrogate in a key", { ["k\ud800"]: "v" }],
  ["__proto__", JSON.parse('{"__proto__": {"isAdmin": true}, "reason": "x"}')],
  ["constructor.prototype", JSON.parse('{"constructor": {"prototype": {"isAdmin": true}}}')],
  ["null", null],
  ["an array", [1, 2, 3]],
  ["a number", 42],
  ["deep nesting", JSON.parse("[".repeat(100) + "]".repeat(100))],
];

let actions: Awaited<ReturnType<typeof discoverActions>>;
let everyRole: string;

beforeAll(async () => {
  actions = (await discoverActions()).filter((a) => !PUBLIC_ACTIONS.has(a.name));
  const roles = Object.keys(ROLE_PERMISSIONS) as Role[];
  everyRole = await sessionCookie((await makeUser(roles)).user.id);
});
afterAll(() => setRequestCookies(""));

describe("hostile input to every server action", () => {
  for (const [label, input] of HOSTILE) {
    it(`refuses ${label} with a clear message`, async () => {
      setRequestCookies(everyRole);
      const wrong: string[] = [];
      for (const { name, action } of actions) {
        const r = await callAction(action, input);
        if (r.ok || INTERNAL.test(r.error ?? "") || !r.error) wrong.push(`${name}: ${JSON.stringify(r)}`);
      }
      expect(wrong).toEqual([]);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });
  }

  it("answers the same request sent 50 times at once, every time, without an internal error", async () => {
    const wrong: string[] = [];
    let burst = 0;
    for (const { name, action } of actions) {
      // A fresh session per action: an action may end sessions (its own or everyone's).
      setRequestCookies(await sessionCookie((await makeUser(["ADMIN"])).user.id));
      const first = await callAction(action as Action, {});
      if (INTERNAL.test(first.error ?? "")) wrong.push(`${name}: ${first.error}`);
      // Input refused by its schema never reaches the database; the burst is for actions that
      // run on an empty input (sweeps, "end all sessions", exports …).
      if (first.error === INVALID) continue;
      burst++;
      const results = await Promise.all(Array.from({ length: 50 }, () => callAction(action as Action, {})));
      for (const r of results) if (INTERNAL.test(r.error ?? "")) wrong.push(`${name}: ${r.error}`);
    }
    expect(burst).toBeGreaterThan(0);
    expect([...new Set(wrong)]).toEqual([]);
  }, 240_000);
});
