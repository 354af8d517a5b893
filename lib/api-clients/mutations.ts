import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { appendLedger } from "@/lib/ledger/append";
import type { Caller } from "@/lib/actions/caller";
import { sha256 } from "@/lib/crypto/tokens";
import type { CreateApiClient, RevokeApiClient } from "./schemas";
import { forgetApiClients } from "./verify";

// API clients are the PEPs (gateways, agent runtimes, MCP servers) that call /access/v1.
// Bearer token: triad_<keyId>.<secret>; only sha256(secret) is stored; the token is shown once.

export async function createApiClient(caller: Caller, input: CreateApiClient) {
  const keyId = `pk${randomBytes(9).toString("base64url").replace(/[-_]/g, "x")}`;
  const secret = randomBytes(32).toString("base64url");
  const client = await db.$transaction(async (tx) => {
    const row = await tx.apiClient.create({
      data: {
        name: input.name,
        keyId,
        secretHash: sha256(secret),
        scopes: input.scopes,
        createdById: caller.userId,
      },
      select: { id: true, name: true, keyId: true, scopes: true },
    });
    await appendLedger(tx, {
      actor: caller.ledger,
      action: "api_client.created",
      target: `api_client:${row.id}`,
      details: { name: row.name, keyId, scopes: row.scopes },
    });
    return row;
  });
  return { ...client, token: `triad_${keyId}.${secret}` };
}

export async function revokeApiClient(caller: Caller, { id }: RevokeApiClient) {
  const revoked = await db.$transaction(async (tx) => {
    const { count } = await tx.apiClient.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw new NotFound("No active API client with that id.");
    const row = await tx.apiClient.findUniqueOrThrow({
      where: { id },
      select: { id: true, name: true, keyId: true },
    });
    await appendLedger(tx, {
      actor: caller.ledger,
      action: "api_client.revoked",
      target: `api_client:${id}`,
      details: { name: row.name, keyId: row.keyId },
    });
    return row;
  });
  forgetApiClients();
  return revoked;
}
