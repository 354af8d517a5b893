import type { IncomingMessage, ServerResponse } from "node:http";
import { BodyError, parseJsonText, readText } from "@/lib/http/body";
import type { LeanRoute } from "@/lib/server/lean-routes";
import { authenticateClient, MAX_FORM_BYTES, parseFormOrJson, readClientCredentials } from "./client-auth";
import { issueToken } from "./issue";
import { INTROSPECT_SCOPE, introspectToken, revokeToken } from "./introspect";
import { currentSigningKey, publicJwks } from "./keys";
import { blockedFor, consume, sourceOfRequest } from "@/lib/auth/rate-limit";

// The token endpoints (tokens, introspection, revocation, JWKS) on plain node:http, served
// before Next.js by the custom server (scripts/start.ts), which is how Triad always runs. OAuth
// error bodies, never a 500 with details.

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    pragma: "no-cache",
    ...headers,
  });
  res.end(text);
}

function oauthError(res: ServerResponse, status: number, error: string, description: string) {
  send(
    res,
    status,
    { error, error_description: description },
    status === 401 ? { "www-authenticate": `Basic realm="triad", error="${error}"` } : {},
  );
}

/** Too many failed client authentications from this address: 429 without touching the body. */
function refuseBlocked(req: IncomingMessage, res: ServerResponse): boolean {
  const wait = blockedFor("token", sourceOfRequest(req));
  if (wait === null) return false;
  req.resume();
  send(
    res,
    429,
    {
      error: "slow_down",
      error_description: `Too many failed client authentications. Retry in ${wait} seconds.`,
    },
    { "retry-after": String(wait) },
  );
  return true;
}

/** The form or JSON body; null when it is too large, not UTF-8, or JSON with a lone surrogate. */
async function form(req: IncomingMessage) {
  try {
    const text = await readText(req, MAX_FORM_BYTES);
    if ((req.headers["content-type"] ?? "").includes("application/json")) parseJsonText(text);
    return parseFormOrJson(text, req.headers["content-type"]);
  } catch (error) {
    if (error instanceof BodyError) return null;
    throw error;
  }
}

const authorization = (req: IncomingMessage) =>
  typeof req.headers.authorization === "string" ? req.headers.authorization : null;

function guarded(name: string, handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      await handler(req, res);
    } catch (error) {
      console.error(`[triad] ${name} failed`, error);
      if (!res.headersSent)
        oauthError(res, 500, "server_error", "The request could not be completed. Nothing was granted.");
    }
  };
}

export const tokenRoutes: LeanRoute[] = [
  {
    method: "POST",
    path: "/api/v1/tokens",
    handler: guarded("token endpoint", async (req, res) => {
      if (refuseBlocked(req, res)) return;
      const body = await form(req);
      if (!body)
        return oauthError(
          res,
          400,
          "invalid_request",
          "The body must be UTF-8, form-encoded or a JSON object, at most 16 KB.",
        );
      const out = await issueToken(
        readClientCredentials(authorization(req), body),
        body,
        sourceOfRequest(req),
      );
      if (!out.ok && out.status === 401) await consume("token", sourceOfRequest(req));
      if (!out.ok) return oauthError(res, out.status, out.error, out.description);
      send(res, 200, {
        access_token: out.accessToken,
        token_type: "Bearer",
        expires_in: out.expiresIn,
        scope: out.scope,
        issued_token_type: "urn:ietf:params:oauth:token-type:jwt",
      });
    }),
  },
  {
    method: "POST",
    path: "/api/v1/introspect",
    handler: guarded("introspection", async (req, res) => {
      if (refuseBlocked(req, res)) return;
      const body = await form(req);
      if (!body?.token) return oauthError(res, 400, "invalid_request", "token is required.");
      const client = await authenticateClient(readClientCredentials(authorization(req), body));
      if (!client) {
        await consume("token", sourceOfRequest(req));
        return oauthError(res, 401, "invalid_client", "Introspection needs client authentication.");
      }
      if (!client.scopes.includes(INTROSPECT_SCOPE))
        return oauthError(
          res,
          403,
          "insufficient_scope",
          `Introspection needs a client with the "${INTROSPECT_SCOPE}" scope.`,
        );
      send(res, 200, await introspectToken(body.token));
    }),
  },
  {
    method: "POST",
    path: "/api/v1/tokens/revoke",
    handler: guarded("token revocation", async (req, res) => {
      if (refuseBlocked(req, res)) return;
      const body = await form(req);
      if (!body?.token) return oauthError(res, 400, "invalid_request", "token is required.");
      const client = await authenticateClient(readClientCredentials(authorization(req), body));
      if (!client) {
        await consume("token", sourceOfRequest(req));
        return oauthError(
          res,
          401,
          "invalid_client",
          "Unknown client, wrong secret, or the client was revoked.",
        );
      }
      await revokeToken(body.token, {
        actorId: client.actorId,
        any: client.scopes.includes("tokens:revoke"),
        ledger: { id: client.keyId, kind: "API_CLIENT", name: client.name },
      });
      send(res, 200, {});
    }),
  },
  {
    method: "GET",
    path: "/.well-known/jwks.json",
    handler: guarded("jwks", async (_req, res) => {
      await currentSigningKey();
      send(res, 200, await publicJwks(), { "cache-control": "public, max-age=300" });
    }),
  },
];
