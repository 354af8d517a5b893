import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { appendLedger, SYSTEM_ACTOR } from "@/lib/ledger/append";
import { invalidateActivePolicySet } from "./active";
import { policyTextHash } from "./compile";

// The public AuthZEN interop "Todo" scenario (authzen-interop.net, Todo 1.0): five Rick & Morty
// users with their PIDs and roles, and its five permissions written in Cedar.

export const TODO_SOURCE = "authzen-todo";
export const TODO_SET_NAME = "AuthZEN Todo interop";

export const TODO_USERS = [
  {
    pid: "CiRmZDA2MTRkMy1jMzlhLTQ3ODEtYjdiZC04Yjk2ZjVhNTEwMGQSBWxvY2Fs",
    name: "Rick Sanchez",
    email: "rick@the-citadel.com",
    roles: ["admin", "evil_genius"],
  },
  {
    pid: "CiRmZDE2MTRkMy1jMzlhLTQ3ODEtYjdiZC04Yjk2ZjVhNTEwMGQSBWxvY2Fs",
    name: "Morty Smith",
    email: "morty@the-citadel.com",
    roles: ["editor"],
  },
  {
    pid: "CiRmZDI2MTRkMy1jMzlhLTQ3ODEtYjdiZC04Yjk2ZjVhNTEwMGQSBWxvY2Fs",
    name: "Summer Smith",
    email: "summer@the-smiths.com",
    roles: ["editor"],
  },
  {
    pid: "CiRmZDM2MTRkMy1jMzlhLTQ3ODEtYjdiZC04Yjk2ZjVhNTEwMGQSBWxvY2Fs",
    name: "Beth Smith",
    email: "beth@the-smiths.com",
    roles: ["viewer"],
  },
  {
    pid: "CiRmZDQ2MTRkMy1jMzlhLTQ3ODEtYjdiZC04Yjk2ZjVhNTEwMGQSBWxvY2Fs",
    name: "Jerry Smith",
    email: "jerry@the-smiths.com",
    roles: ["viewer"],
  },
] as const;

export const TODO_POLICY_TEXT = `// AuthZEN interop "Todo" scenario. Roles are the subject's role:<name> tags.
@id("can-read-user")
@reason("every user may read a user's profile")
permit (principal is Human, action == Action::"can_read_user", resource is User);

@id("can-read-todos")
@reason("every user may read the todo list")
permit (principal is Human, action == Action::"can_read_todos", resource is Todo);

@id("can-create-todo")
@reason("admins and editors may create todos")
permit (principal is Human, action == Action::"can_create_todo", resource is Todo)
when { principal.roles.containsAny(["admin", "editor"]) };

@id("can-update-todo")
@reason("evil geniuses may update any todo; editors their own")
permit (principal is Human, action == Action::"can_update_todo", resource is Todo)
when {
  principal.roles.contains("evil_genius") ||
  (principal.roles.contains("editor") && resource has ownerID && resource.ownerID == principal.email)
};

@id("can-delete-todo")
@reason("admins may delete any todo; editors their own")
permit (principal is Human, action == Action::"can_delete_todo", resource is Todo)
when {
  principal.roles.contains("admin") ||
  (principal.roles.contains("editor") && resource has ownerID && resource.ownerID == principal.email)
};
`;

/** Loads the five users and the ACTIVE Todo policy set (idempotent). */
export async function loadTodoScenario() {
  const hash = policyTextHash(TODO_POLICY_TEXT);
  const result = await db.$transaction(async (tx) => {
    for (const u of TODO_USERS) {
      const tags = u.roles.map((r) => `role:${r}`);
      const existing = await tx.actor.findUnique({
        where: { sourceSystem_externalId: { sourceSystem: TODO_SOURCE, externalId: u.pid } },
        select: { id: true },
      });
      if (existing) {
        await tx.actor.update({
          where: { id: existing.id },
          data: { tags, status: "ACTIVE", displayName: u.name },
        });
      } else {
        await tx.actor.create({
          data: {
            kind: "HUMAN",
            displayName: u.name,
            externalId: u.pid,
            sourceSystem: TODO_SOURCE,
            tags,
            human: { create: { email: u.email, department: "Citadel", title: "Todo user" } },
          },
        });
      }
    }
    let set = await tx.policySet.findUnique({
      where: { name: TODO_SET_NAME },
      select: { id: true, versions: { where: { status: "ACTIVE" }, select: { hash: true } } },
    });
    if (set?.versions.some((v) => v.hash === hash)) return { policySetId: set.id, activated: false };
    if (!set) {
      set = await tx.policySet.create({
        data: { name: TODO_SET_NAME, description: "OpenID AuthZEN interop Todo scenario" },
        select: { id: true, versions: { select: { hash: true } } },
      });
    }
    const last = await tx.policyVersion.findFirst({
      where: { policySetId: set.id },
      orderBy: { version: "desc" },
      select: { version: true },
    });
    await tx.policyVersion.updateMany({
      where: { policySetId: set.id, status: "ACTIVE" },
      data: { status: "RETIRED", retiredAt: new Date() },
    });
    const version = (last?.version ?? 0) + 1;
    await tx.policyVersion.create({
      data: {
        policySetId: set.id,
        version,
        text: TODO_POLICY_TEXT,
        hash,
        status: "ACTIVE",
        activatedAt: new Date(),
        comment: "AuthZEN interop Todo",
      },
    });
    const tests: Prisma.PolicyTestCaseCreateManyInput[] = [
      {
        policySetId: set.id,
        name: "Rick may update Morty's todo",
        expected: "ALLOW",
        request: {
          subject: { type: "user", id: TODO_USERS[0].pid },
          action: { name: "can_update_todo" },
          resource: { type: "todo", id: "t1", properties: { ownerID: "morty@the-citadel.com" } },
        },
      },
      {
        policySetId: set.id,
        name: "Beth may not create todos",
        expected: "DENY",
        request: {
          subject: { type: "user", id: TODO_USERS[3].pid },
          action: { name: "can_create_todo" },
          resource: { type: "todo", id: "t2" },
        },
      },
    ];
    await tx.policyTestCase.createMany({ data: tests, skipDuplicates: true });
    await appendLedger(tx, {
      actor: SYSTEM_ACTOR,
      action: "policy.activated",
      target: `policy:${set.id}`,
      details: { policySet: TODO_SET_NAME, version, hash },
    });
    return { policySetId: set.id, activated: true };
  });
  invalidateActivePolicySet();
  return result;
}
