import { authenticateClient, readClientCredentials, readFormOrJson } from "@/lib/tokens/client-auth";
import { introspectToken } from "@/lib/tokens/introspect";
import { oauthError, oauthJson } from "../tokens/oauth-response";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** RFC 7662 token introspection for resource servers; callers authenticate as an API client. */
export async function POST(request: Request) {
  try {
    const body = await readFormOrJson(request);
    if (!body?.token) return oauthError(400, "invalid_request", "token is required.");
    const client = await authenticateClient(readClientCredentials(request.headers.get("authorization"), body));
    if (!client) return oauthError(401, "invalid_client", "Introspection needs client authentication.");
    return oauthJson(await introspectToken(body.token));
  } catch (error) {
    console.error("[triad] introspection failed", error);
    return oauthError(500, "server_error", "The token could not be introspected.");
  }
}
