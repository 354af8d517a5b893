import type { Tx } from "@/lib/db";
import { Invalid, NotFound } from "@/lib/errors";

/**
 * A person who can receive ownership: a known, active human who is not leaving.
 * Refuses with the reason (unknown, departed, offboarding) otherwise.
 */
export async function assertReceivable(
  tx: Tx,
  personId: string,
  what = "The receiver",
): Promise<{ id: string; displayName: string; teamId: string | null }> {
  const person = await tx.actor.findUnique({
    where: { id: personId },
    select: {
      id: true,
      kind: true,
      displayName: true,
      status: true,
      teamId: true,
      flaggedAt: true,
      human: { select: { employmentStatus: true } },
    },
  });
  if (!person || person.kind !== "HUMAN")
    throw new NotFound(`${what} is not a known person in the inventory.`);
  if (person.status === "RETIRED" || person.human?.employmentStatus === "TERMINATED") {
    throw new Invalid(
      `${what}, ${person.displayName}, has left the organisation and cannot own identities.`,
      { toId: ["This person has left."] },
    );
  }
  if (person.status !== "ACTIVE" || person.flaggedAt) {
    throw new Invalid(`${what}, ${person.displayName}, is being offboarded and cannot take on ownership.`, {
      toId: ["This person is being offboarded."],
    });
  }
  return { id: person.id, displayName: person.displayName, teamId: person.teamId };
}

/** Serialises changes to one identity's ownership inside a transaction. */
export async function lockActor(tx: Tx, actorId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`ownership:${actorId}`}, 0))`;
}
