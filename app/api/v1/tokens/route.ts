import { readClientCredentials, readFormOrJson } from "@/lib/tokens/client-auth";
import { issueToken } from "@/lib/tokens/issue";
import { oauthError, oauthJson } from "./oauth-response";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** OAuth 2.0 client_credentials token endpoint for NHIs and agents (short-lived ES256 JWTs). */
export async function POST(request: Request) {
  try {
    const body = await readFormOrJson(request);
    if (!body) return oauthError(400, "invalid_request", "The body must be form-encoded or a JSON object, at most 16 KB.");
    const outcome = await issueToken(readClientCredentials(request.headers.get("authorization"), body), body);
    if (!outcome.ok) return oauthError(outcome.status, outcome.error, outcome.description);
    return oauthJson({ access_token: outcome.accessToken, token_type: "Bearer", expires_in: outcome.expiresIn, scope: outcome.scope, issued_token_type: "urn:ietf:params:oauth:token-type:jwt" });
  } catch (error) {
    console.error("[triad] token endpoint failed", error);
    // Fail closed: no token when anything (including the ledger) fails.
    return oauthError(500, "server_error", "The token could not be issued. Nothing was granted.");
  }
}
