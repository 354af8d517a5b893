import { authenticateClient, readClientCredentials, readFormOrJson } from "@/lib/tokens/client-auth";
import { revokeToken } from "@/lib/tokens/introspect";
import { oauthError, oauthJson } from "../oauth-response";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** RFC 7009 token revocation: a client revokes its identity's own tokens (or any, with scope tokens:revoke). */
export async function POST(request: Request) {
  try {
    const body = await readFormOrJson(request);
    if (!body?.token) return oauthError(400, "invalid_request", "token is required.");
    const client = await authenticateClient(readClientCredentials(request.headers.get("authorization"), body));
    if (!client) return oauthError(401, "invalid_client", "Unknown client, wrong secret, or the client was revoked.");
    await revokeToken(body.token, { actorId: client.actorId, any: client.scopes.includes("tokens:revoke"), ledger: { id: client.keyId, kind: "API_CLIENT", name: client.name } });
    // RFC 7009 §2.2: the answer is 200 whether or not the token was valid.
    return oauthJson({});
  } catch (error) {
    console.error("[triad] token revocation failed", error);
    return oauthError(500, "server_error", "The token could not be revoked.");
  }
}
