import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { env } from "@/lib/env";
import { isDomainError } from "@/lib/errors";
import { BodyError, readBytes, readJsonBody } from "@/lib/http/body";
import { authFailure, blockedFor, sourceOfRequest } from "@/lib/auth/rate-limit";
import { verifyBearer, type VerifiedClient } from "@/lib/api-clients/verify";
import { knownActions } from "@/lib/policy/cedar";
import { kindOfSubjectType, RESOURCE_TYPES } from "@/lib/enforcement/load";
import type { LeanRoute } from "@/lib/server/lean-routes";
import { authenticateSession, bindToSession, sessionBearer } from "@/lib/agents/session-auth";
import { evaluateAndLog, type LoggedDecision } from "./evaluate";
import { decisionWriter } from "./group-commit";
import { parseTraceparent } from "./trace";
import {
  evaluationSchema,
  evaluationsSchema,
  searchActionSchema,
  searchResourceSchema,
  searchSubjectSchema,
  type Evaluation,
  type Evaluations,
} from "./schemas";
import { searchActions, searchResources, searchSubjects } from "./search";

// The AuthZEN decision API on plain node:http (served before Next.js by the custom server):
// POST /access/v1/evaluation, POST /access/v1/evaluations, GET /.well-known/authzen-configuration.
// Bad input is a 400 with {error, message}; nothing here answers 500.

const MAX_BODY = 64 * 1024;
const MAX_BATCH_BODY = 512 * 1024;
const MAX_DEPTH = 8;

class BadRequest extends Error {}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  req?: IncomingMessage,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  const requestId = req?.headers["x-request-id"];
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...(typeof requestId === "string" && requestId.length <= 200 ? { "x-request-id": requestId } : {}),
    ...headers,
  });
  res.end(text);
}

const badRequest = (res: ServerResponse, req: IncomingMessage, message: string) =>
  send(res, 400, { error: "invalid_request", message }, req);

async function parseBody<S extends z.ZodType>(
  req: IncomingMessage,
  schema: S,
  max: number,
): Promise<z.infer<S>> {
  const json = await readJsonBody(req, max, { maxDepth: MAX_DEPTH });
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new BadRequest(
      parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    );
  return parsed.data;
}

/** Refuses unknown action names and subject/resource types before anything is evaluated or logged. */
function precheck(e: Evaluation, where = "") {
  if (!knownActions().has(e.action.name))
    throw new BadRequest(
      `${where}action.name: unknown action "${e.action.name}"; use one of ${[...knownActions()].join(", ")}`,
    );
  kindOfSubjectType(e.subject.type);
  if (!(RESOURCE_TYPES as readonly string[]).includes(e.resource.type.toLowerCase())) {
    throw new BadRequest(
      `${where}resource.type: unknown resource type "${e.resource.type}"; use one of ${RESOURCE_TYPES.join(", ")}`,
    );
  }
}

function answer(d: LoggedDecision) {
  return {
    decision: d.decision === "allow",
    context: {
      decision_id: d.seq === null ? null : d.seq.toString(),
      reason_admin: { en: d.reason },
      policies: d.policies,
      policy_set_version: d.versionHash,
    },
  };
}

async function authenticate(
  req: IncomingMessage,
  res: ServerResponse,
  scope: "access:evaluate" | "access:search" = "access:evaluate",
): Promise<VerifiedClient | null> {
  // Failed authentications are limited per address; a blocked address is refused without I/O.
  const blockedWait = blockedFor("decision-auth", sourceOfRequest(req));
  const client = blockedWait === null ? await verifyBearer(req.headers.authorization) : null;
  if (!client || !client.scopes.includes(scope)) {
    const failed =
      blockedWait === null
        ? await authFailure("decision-auth", sourceOfRequest(req))
        : { status: 429 as const, headers: { "retry-after": String(blockedWait) } };
    send(
      res,
      failed.status,
      {
        error: "unauthorized",
        message: "send Authorization: Bearer <API client token> (Settings → API clients)",
      },
      req,
      { "www-authenticate": 'Bearer realm="triad"', ...failed.headers },
    );
    return null;
  }
  return client;
}

async function guarded(req: IncomingMessage, res: ServerResponse, run: () => Promise<void>) {
  try {
    await run();
  } catch (error) {
    // Answered already, or the caller hung up before its body arrived (nothing was decided).
    // (A request whose body was read completely is `destroyed` too: only an incomplete one is gone.)
    if (res.headersSent || res.destroyed || (req.destroyed && !req.complete)) return;
    if (error instanceof BadRequest) return badRequest(res, req, error.message);
    // Every body problem is the caller's: a 413 for its size, a 400 for the rest (UTF-8, lone
    // surrogate, depth, bad JSON).
    if (error instanceof BodyError && error.status === 413)
      return send(res, 413, { error: "too_large", message: error.message }, req);
    if (error instanceof BodyError) return badRequest(res, req, error.message);
    if (isDomainError(error) && error.status === 400) return badRequest(res, req, error.message);
    console.error(
      "[triad] decision API error; answering deny",
      error instanceof Error ? error.message : error,
    );
    send(
      res,
      200,
      { decision: false, context: { reason_admin: { en: "internal error; denied (fail closed)" } } },
      req,
    );
  }
}

/** A refused agent call (foreign or ended session, misused approval) is a 4xx, still ledgered. */
function sendDecision(res: ServerResponse, req: IncomingMessage, d: LoggedDecision) {
  if (d.refusal)
    return send(res, d.refusal.status, { error: d.refusal.error, message: d.reason, ...answer(d) }, req);
  send(res, 200, answer(d), req);
}

async function handleEvaluation(req: IncomingMessage, res: ServerResponse) {
  await guarded(req, res, async () => {
    const sessionToken = sessionBearer(req.headers.authorization);
    if (sessionToken) {
      // An agent asking in its own session (Bearer tas_…).
      const auth = await authenticateSession(sessionToken, sourceOfRequest(req));
      if (!auth.ok) return send(res, auth.status, { error: auth.error, message: auth.message }, req);
      const body = await parseBody(req, evaluationSchema, MAX_BODY);
      precheck(body);
      const bound = await bindToSession(body, auth.facts);
      if (!bound.ok) return send(res, bound.status, { error: bound.error, message: bound.message }, req);
      return sendDecision(
        res,
        req,
        await evaluateAndLog(auth.caller, bound.evaluation, decisionWriter(), {
          trace: parseTraceparent(req.headers.traceparent),
        }),
      );
    }
    const client = await authenticate(req, res);
    if (!client) return;
    const body = await parseBody(req, evaluationSchema, MAX_BODY);
    precheck(body);
    sendDecision(
      res,
      req,
      await evaluateAndLog(client, body, decisionWriter(), {
        trace: parseTraceparent(req.headers.traceparent),
      }),
    );
  });
}

function expand(body: Evaluations): Evaluation[] {
  const items = body.evaluations ?? [];
  const list = items.length ? items : [{}];
  return list.map((item, i) => {
    const merged = {
      subject: item.subject ?? body.subject,
      action: item.action ?? body.action,
      resource: item.resource ?? body.resource,
      context: item.context ?? body.context,
    };
    const where = items.length ? `evaluations[${i}].` : "";
    for (const key of ["subject", "action", "resource"] as const) {
      if (!merged[key])
        throw new BadRequest(`${where}${key}: required (in the evaluation or as a top-level default)`);
    }
    const e = merged as Evaluation;
    precheck(e, where);
    return e;
  });
}

async function handleEvaluations(req: IncomingMessage, res: ServerResponse) {
  await guarded(req, res, async () => {
    const client = await authenticate(req, res);
    if (!client) return;
    const body = await parseBody(req, evaluationsSchema, MAX_BATCH_BODY);
    const list = expand(body);
    const trace = parseTraceparent(req.headers.traceparent);
    if (!body.evaluations?.length) {
      send(res, 200, answer(await evaluateAndLog(client, list[0], decisionWriter(), { trace })), req);
      return;
    }
    const semantic = body.options?.evaluations_semantic ?? "execute_all";
    const results: LoggedDecision[] = [];
    if (semantic === "execute_all") {
      results.push(
        ...(await Promise.all(list.map((e) => evaluateAndLog(client, e, decisionWriter(), { trace })))),
      );
    } else {
      for (const e of list) {
        const d = await evaluateAndLog(client, e, decisionWriter(), { trace });
        results.push(d);
        if (semantic === "deny_on_first_deny" && d.decision === "deny") break;
        if (semantic === "permit_on_first_permit" && d.decision === "allow") break;
      }
    }
    send(res, 200, { evaluations: results.map(answer) }, req);
  });
}

function checkAction(name: string) {
  if (!knownActions().has(name))
    throw new BadRequest(
      `action.name: unknown action "${name}"; use one of ${[...knownActions()].join(", ")}`,
    );
}
function checkResourceType(type: string) {
  if (!(RESOURCE_TYPES as readonly string[]).includes(type.toLowerCase()))
    throw new BadRequest(
      `resource.type: unknown resource type "${type}"; use one of ${RESOURCE_TYPES.join(", ")}`,
    );
}

async function handleSearchSubject(req: IncomingMessage, res: ServerResponse) {
  await guarded(req, res, async () => {
    const client = await authenticate(req, res, "access:search");
    if (!client) return;
    const body = await parseBody(req, searchSubjectSchema, MAX_BODY);
    checkAction(body.action.name);
    kindOfSubjectType(body.subject.type);
    checkResourceType(body.resource.type);
    send(res, 200, await searchSubjects(client, body, body.page ?? {}), req);
  });
}

async function handleSearchResource(req: IncomingMessage, res: ServerResponse) {
  await guarded(req, res, async () => {
    const client = await authenticate(req, res, "access:search");
    if (!client) return;
    const body = await parseBody(req, searchResourceSchema, MAX_BODY);
    checkAction(body.action.name);
    kindOfSubjectType(body.subject.type);
    checkResourceType(body.resource.type);
    send(res, 200, await searchResources(client, body, body.page ?? {}), req);
  });
}

async function handleSearchAction(req: IncomingMessage, res: ServerResponse) {
  await guarded(req, res, async () => {
    const client = await authenticate(req, res, "access:search");
    if (!client) return;
    const body = await parseBody(req, searchActionSchema, MAX_BODY);
    kindOfSubjectType(body.subject.type);
    checkResourceType(body.resource.type);
    send(res, 200, await searchActions(client, body), req);
  });
}

function baseUrl(req: IncomingMessage): string {
  const configured = env().TRIAD_PUBLIC_URL;
  if (configured) return configured.replace(/\/$/, "");
  const host =
    typeof req.headers.host === "string" && /^[A-Za-z0-9.:[\]-]+$/.test(req.headers.host)
      ? req.headers.host
      : `localhost:${env().PORT}`;
  return `http://${host}`;
}

async function handleConfiguration(req: IncomingMessage, res: ServerResponse) {
  const base = baseUrl(req);
  send(
    res,
    200,
    {
      policy_decision_point: base,
      access_evaluation_endpoint: `${base}/access/v1/evaluation`,
      access_evaluations_endpoint: `${base}/access/v1/evaluations`,
      search_subject_endpoint: `${base}/access/v1/search/subject`,
      search_resource_endpoint: `${base}/access/v1/search/resource`,
      search_action_endpoint: `${base}/access/v1/search/action`,
    },
    req,
  );
}

/** Same server, same body handling, no decision: the benchmark's baseline. */
async function handleNoop(req: IncomingMessage, res: ServerResponse) {
  await guarded(req, res, async () => {
    await readBytes(req, MAX_BODY);
    send(res, 200, { decision: true }, req);
  });
}

export const decisionRoutes: LeanRoute[] = [
  { method: "POST", path: "/access/v1/evaluation", handler: handleEvaluation },
  { method: "POST", path: "/access/v1/evaluations", handler: handleEvaluations },
  { method: "POST", path: "/access/v1/search/subject", handler: handleSearchSubject },
  { method: "POST", path: "/access/v1/search/resource", handler: handleSearchResource },
  { method: "POST", path: "/access/v1/search/action", handler: handleSearchAction },
  { method: "GET", path: "/.well-known/authzen-configuration", handler: handleConfiguration },
  // The benchmark's baseline; not served in production.
  ...(env().NODE_ENV === "production"
    ? []
    : [{ method: "POST" as const, path: "/__bench/noop", handler: handleNoop }]),
];
