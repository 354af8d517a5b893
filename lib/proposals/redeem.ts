import { pool } from "@/lib/db/pool";
import { sha256 } from "@/lib/crypto/tokens";

// Redeeming an approval credential at the decision API. One conditional UPDATE takes a use,
// so under concurrent redemption of a single-use credential exactly one succeeds.

type Redemption =
  | {
      ok: true;
      proposalId: string;
      approvedById: string | null;
      approvedByName: string | null;
      usesLeft: number;
    }
  | { ok: false; error: "invalid_approval"; message: string };

const fail = (message: string): Redemption => ({ ok: false, error: "invalid_approval", message });

export async function redeemApproval(
  credential: string,
  bound: { agentId: string; argsHash: string },
): Promise<Redemption> {
  if (!/^tap_[A-Za-z0-9_-]{20,100}$/.test(credential)) return fail("approval credential is malformed");
  const hash = sha256(credential);
  const { rows } = await pool().query<{
    id: string;
    agentId: string;
    argsHash: string | null;
    status: string;
    credentialExpiresAt: Date | null;
    decidedById: string | null;
    approver: string | null;
  }>(
    `SELECT p.id, p."agentId", p."argsHash", p.status::text AS status, p."credentialExpiresAt", p."decidedById", a."displayName" AS approver
     FROM "AgentProposal" p LEFT JOIN "Actor" a ON a.id = p."decidedById" WHERE p."credentialHash" = $1`,
    [hash],
  );
  const p = rows[0];
  if (!p || p.status !== "APPROVED") return fail("unknown approval credential");
  if (p.agentId !== bound.agentId) return fail("this approval was issued to another agent");
  if (p.argsHash !== bound.argsHash)
    return fail("this approval is bound to another action or other arguments");
  if (!p.credentialExpiresAt || p.credentialExpiresAt <= new Date()) return fail("this approval has expired");
  const taken = await pool().query<{ usesLeft: number }>(
    `UPDATE "AgentProposal" SET "usesLeft" = "usesLeft" - 1 WHERE id = $1 AND "usesLeft" > 0 AND "credentialExpiresAt" > now() RETURNING "usesLeft"`,
    [p.id],
  );
  if (taken.rowCount !== 1) return fail("this approval was already used");
  return {
    ok: true,
    proposalId: p.id,
    approvedById: p.decidedById,
    approvedByName: p.approver,
    usesLeft: taken.rows[0].usesLeft,
  };
}
