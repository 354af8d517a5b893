import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTodoScenario, TODO_USERS } from "@/lib/policy/todo-example";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { newToken, poster, startLeanServer } from "./authzen-helpers";

// The published decisions of the AuthZEN interop "Todo" scenario (spec 1.0 test vectors),
// sent over the wire to POST /access/v1/evaluation.
const [rick, morty, summer, beth, jerry] = TODO_USERS;
type Case = [
  user: (typeof TODO_USERS)[number],
  action: string,
  resource: { type: string; id: string; properties?: { ownerID: string } },
  expected: boolean,
];
const todo = (owner?: string) => ({
  type: "todo",
  id: "7240d0db-8ff0-41ec-98b2-34a096273b92",
  ...(owner ? { properties: { ownerID: owner } } : {}),
});
const user = (id: string) => ({ type: "user", id });

const CASES: Case[] = [];
for (const [u, own, createOk, updateRick, updateOwn, deleteRick, deleteOwn, updateMorty, deleteMorty] of [
  [rick, rick.email, true, true, true, true, true, true, true],
  [morty, morty.email, true, false, true, false, true, true, true],
  [summer, summer.email, true, false, true, false, true, false, false],
  [beth, beth.email, false, false, false, false, false, false, false],
  [jerry, jerry.email, false, false, false, false, false, false, false],
] as const) {
  CASES.push(
    [u, "can_read_user", user(beth.email), true],
    [u, "can_read_user", user(u.pid), true],
    [u, "can_read_todos", { type: "todo", id: "todo-1" }, true],
    [u, "can_create_todo", { type: "todo", id: "todo-1" }, createOk],
    [u, "can_update_todo", todo(rick.email), updateRick],
    [u, "can_update_todo", todo(own), updateOwn],
    [u, "can_delete_todo", todo(rick.email), deleteRick],
    [u, "can_delete_todo", todo(own), deleteOwn],
  );
  if (u === rick)
    CASES.push(
      [u, "can_update_todo", todo(morty.email), updateMorty],
      [u, "can_delete_todo", todo(morty.email), deleteMorty],
    );
}

let server: Awaited<ReturnType<typeof startLeanServer>>;
let post: ReturnType<typeof poster>;

beforeAll(async () => {
  await ensureStarterPolicies();
  await loadTodoScenario();
  server = await startLeanServer();
  post = poster(server.url, await newToken("todo PEP"));
});
afterAll(() => server.close());

describe("AuthZEN interop Todo scenario", () => {
  it.each(
    CASES.map(([u, action, resource, expected]) => ({ who: u.name, action, resource, expected, pid: u.pid })),
  )("$who $action $resource.properties.ownerID → $expected", async ({ pid, action, resource, expected }) => {
    const r = await post("/access/v1/evaluation", {
      subject: { type: "user", id: pid },
      action: { name: action },
      resource,
      context: {},
    });
    expect(r.status).toBe(200);
    expect(r.json.decision).toBe(expected);
  });

  it("answers the same cases in one boxcarred /evaluations call", async () => {
    const r = await post("/access/v1/evaluations", {
      evaluations: CASES.map(([u, action, resource]) => ({
        subject: { type: "user", id: u.pid },
        action: { name: action },
        resource,
      })),
    });
    expect(r.status).toBe(200);
    expect(r.json.evaluations!.map((e) => e.decision)).toEqual(CASES.map((c) => c[3]));
  });
});
