import type { IncomingMessage, ServerResponse } from "node:http";
import { isDomainError, fromDatabaseError } from "@/lib/errors";
import { BodyError, readText } from "@/lib/http/body";
import { db } from "@/lib/db";
import { recordRefusal } from "@/lib/auth/refusals";
import { sourceOfRequest } from "@/lib/auth/rate-limit";
import { appendLedger } from "@/lib/ledger/append";
import type { LeanRoute } from "@/lib/server/lean-routes";
import { isUuid } from "@/lib/ids";
import { MAX_FORM_BYTES, parseFormOrJson, readClientCredentials } from "@/lib/tokens/client-auth";
import { collectCredential } from "@/lib/proposals/mutations";
import { authenticateSession, sessionBearer } from "./session-auth";
import { endOwnSession, openSession, renewSession } from "./sessions";

// Agent-facing endpoints on plain node:http: sessions (open, renew, end), collecting an approval
// credential, and the refusal every agent gets when it tries to approve. JSON errors, never a 500
// with details.

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}

/** The form or JSON body; null when it is not UTF-8 or not an object. Too large: a 413, thrown. */
async function readBody(req: IncomingMessage): Promise<Record<string, string | undefined> | null> {
  let text: string;
  try {
    text = await readText(req, MAX_FORM_BYTES);
  } catch (error) {
    // Too large: a 413, answered by `guarded` like any body error.
    if (error instanceof BodyError && error.status === 413) throw error;
    // Not UTF-8, or the client hung up mid-body: nothing to read, and nobody to answer.
    if (error instanceof BodyError || (req.destroyed && !req.complete)) return null;
    throw error;
  }
  return text.trim() === "" ? {} : parseFormOrJson(text, req.headers["content-type"]);
}

function guarded(name: string, handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      await handler(req, res);
    } catch (error) {
      if (res.headersSent) return;
      const known = error instanceof BodyError || isDomainError(error) ? error : fromDatabaseError(error);
      if (known) return send(res, known.status, { error: known.code, message: known.message });
      console.error(`[triad] ${name} failed`, error);
      send(res, 500, {
        error: "server_error",
        message: "The request could not be completed. Nothing was changed.",
      });
    }
  };
}

const auth = (req: IncomingMessage) =>
  typeof req.headers.authorization === "string" ? req.headers.authorization : null;
const badBody = (res: ServerResponse) =>
  send(res, 400, {
    error: "invalid_request",
    message: "The body must be a JSON object or form-encoded, at most 16 KB.",
  });

async function session(req: IncomingMessage, res: ServerResponse) {
  const token = sessionBearer(req.headers.authorization);
  if (!token) {
    send(res, 401, {
      error: "invalid_token",
      message: "Send Authorization: Bearer <session token> (from POST /api/v1/agent-sessions).",
    });
    return null;
  }
  const s = await authenticateSession(token, sourceOfRequest(req));
  if (!s.ok) {
    send(res, s.status, { error: s.error, message: s.message });
    return null;
  }
  return { token, facts: s.facts };
}

export const agentRoutes: LeanRoute[] = [
  {
    method: "POST",
    path: "/api/v1/agent-sessions",
    handler: guarded("agent session open", async (req, res) => {
      const body = await readBody(req);
      if (!body) return badBody(res);
      const out = await openSession(readClientCredentials(auth(req), body), body, sourceOfRequest(req));
      if (!out.ok) return send(res, out.status, { error: out.error, message: out.message });
      send(res, 201, {
        session_id: out.sessionId,
        session_token: out.sessionToken,
        token_expires_at: out.tokenExpiresAt.toISOString(),
        expires_at: out.expiresAt.toISOString(),
        on_behalf_of: out.onBehalfOf,
      });
    }),
  },
  {
    method: "POST",
    path: "/api/v1/agent-sessions/renew",
    handler: guarded("agent session renew", async (req, res) => {
      const token = sessionBearer(req.headers.authorization);
      if (!token)
        return send(res, 401, {
          error: "invalid_token",
          message: "Send the current session token as Bearer.",
        });
      const out = await renewSession(token, sourceOfRequest(req));
      if (!out.ok) return send(res, out.status, { error: out.error, message: out.message });
      send(res, 200, { session_token: out.sessionToken, token_expires_at: out.tokenExpiresAt.toISOString() });
    }),
  },
  {
    method: "DELETE",
    path: "/api/v1/agent-sessions",
    handler: guarded("agent session end", async (req, res) => {
      const s = await session(req, res);
      if (!s) return;
      await endOwnSession({ id: s.facts.agentId, name: s.facts.agentName }, s.facts.id);
      send(res, 200, { session_id: s.facts.id, ended: true });
    }),
  },
  {
    method: "POST",
    path: "/api/v1/proposals/credential",
    handler: guarded("approval credential", async (req, res) => {
      const s = await session(req, res);
      if (!s) return;
      const body = await readBody(req);
      if (!body) return badBody(res);
      const id = body.proposal_id ?? "";
      // A uuid's shape, not just its alphabet: 36 dashes reached PostgreSQL as a bad uuid (a 500).
      if (!isUuid(id))
        return send(res, 400, { error: "invalid_request", message: "proposal_id must be a proposal id." });
      const out = await collectCredential({ id: s.facts.agentId, name: s.facts.agentName }, id);
      send(res, 200, {
        approval: out.credential,
        expires_at: out.expiresAt.toISOString(),
        uses: out.uses,
        use: "send it as context.approval with the exact same action, resource, operation and arguments",
      });
    }),
  },
  {
    method: "POST",
    path: "/api/v1/proposals/approve",
    handler: guarded("agent approval attempt", async (req, res) => {
      // Decision authority is human: this exists only to refuse (and record) agents that try.
      const token = sessionBearer(req.headers.authorization);
      const s = token ? await authenticateSession(token, sourceOfRequest(req)) : null;
      // An agent that tries is recorded by name; anyone unauthenticated is folded per address.
      if (s?.ok)
        await db.$transaction((tx) =>
          appendLedger(tx, {
            actor: { id: s.facts.agentId, kind: "AGENT", name: s.facts.agentName },
            action: "agent_proposal.approval_refused",
            target: `actor:${s.facts.agentId}`,
            details: { reason: "agents can never approve" },
          }),
        );
      else if (!token)
        await recordRefusal(sourceOfRequest(req), "token_unauthenticated", { via: "proposal approval" });
      send(res, 403, {
        error: "agents_never_approve",
        message:
          "Agents can never approve: a human decides proposals in the console (/proposals) with a step-up code.",
      });
    }),
  },
];
