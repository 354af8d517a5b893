import { randomBytes } from "node:crypto";
import { isUuid } from "@/lib/ids";
import { db } from "@/lib/db";
import { Invalid, NotFound } from "@/lib/errors";
import { newSecret, sha256 } from "@/lib/crypto/tokens";
import { appendLedger, SYSTEM_ACTOR, type LedgerActor } from "@/lib/ledger/append";

/**
 * Client credentials an NHI or agent uses at POST /api/v1/tokens. The key id is public; the
 * secret is returned once and stored only as its SHA-256 hash. `audiences` become `aud:` scopes.
 */
export async function createActorClient(input: {
  actorId: string;
  name?: string;
  scopes?: string[];
  audiences?: string[];
  createdById?: string | null;
  ledger?: LedgerActor;
}): Promise<{ clientId: string; clientSecret: string; id: string }> {
  const actor = await db.actor.findUnique({
    where: { id: input.actorId },
    select: { id: true, kind: true, status: true, displayName: true },
  });
  if (!actor) throw new NotFound("No identity with that id.");
  if (actor.kind === "HUMAN") throw new Invalid("Client credentials are for NHIs and agents, not people.");
  if (actor.status === "RETIRED") throw new Invalid(`${actor.displayName} is retired.`);
  const scopes = [...new Set([...(input.scopes ?? []), ...(input.audiences ?? []).map((a) => `aud:${a}`)])];
  const clientId = `tc_${randomBytes(9).toString("base64url")}`;
  const clientSecret = newSecret("tcs");
  return db.$transaction(async (tx) => {
    const client = await tx.apiClient.create({
      data: {
        name: input.name ?? `${actor.displayName} token client`,
        keyId: clientId,
        secretHash: sha256(clientSecret),
        scopes,
        actorId: actor.id,
        createdById: input.createdById ?? null,
      },
      select: { id: true },
    });
    await appendLedger(tx, {
      actor: input.ledger ?? SYSTEM_ACTOR,
      action: "api_client.created",
      target: `actor:${actor.id}`,
      details: { clientId, scopes },
    });
    return { clientId, clientSecret, id: client.id };
  });
}

/** An NHI or agent by id, external id or exact display name (for the operator CLI). */
export async function findTokenActor(
  ref: string,
): Promise<{ id: string; displayName: string; kind: string } | null> {
  const select = { id: true, displayName: true, kind: true } as const;
  if (isUuid(ref)) return db.actor.findFirst({ where: { id: ref, kind: { in: ["NHI", "AGENT"] } }, select });
  return db.actor.findFirst({
    where: { kind: { in: ["NHI", "AGENT"] }, OR: [{ externalId: ref }, { displayName: ref }] },
    orderBy: { createdAt: "asc" },
    select,
  });
}
