import canonicalize from "canonicalize";
import { sha256 } from "@/lib/crypto/tokens";

/** An approval is bound to this: the agent, the exact action, resource and arguments (RFC 8785 JSON). */
export function actionHash(input: {
  agentId: string;
  action: string;
  resource: string;
  arguments: unknown;
}): string {
  return sha256(
    canonicalize({
      agentId: input.agentId,
      action: input.action,
      resource: input.resource,
      arguments: input.arguments ?? {},
    }) ?? "",
  );
}

/** Proposals wait this long for a human before they expire. */
export const PROPOSAL_TTL_MINUTES = 60;
