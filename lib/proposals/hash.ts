import { canonicalJson } from "@/lib/ledger/canonical";
import { sha256 } from "@/lib/crypto/tokens";

/**
 * An approval is bound to this: the agent, the person it acts for (as the session proved it, or
 * nobody), the exact action, resource and arguments (RFC 8785 JSON). An approval given for
 * Alice's request cannot be redeemed in a session acting for Bob, or for nobody.
 */
export function actionHash(input: {
  agentId: string;
  onBehalfOfId: string | null;
  action: string;
  resource: string;
  arguments: unknown;
}): string {
  return sha256(
    canonicalJson({
      agentId: input.agentId,
      onBehalfOfId: input.onBehalfOfId,
      action: input.action,
      resource: input.resource,
      arguments: input.arguments ?? {},
    }),
  );
}

/** Proposals wait this long for a human before they expire. */
export const PROPOSAL_TTL_MINUTES = 60;
