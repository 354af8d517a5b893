import type { IncomingMessage, ServerResponse } from "node:http";
import { decisionRoutes } from "@/lib/decisions/http";
import { scimLeanHandler } from "@/lib/scim/handler";
import { ledgerRoutes } from "@/lib/ledger/http";
import { tokenRoutes } from "@/lib/tokens/http";
import { agentRoutes } from "@/lib/agents/http";
import { mcpRoutes } from "@/lib/mcp/http";
import { explorerRoutes } from "@/lib/explorer/http";

// Machine-facing endpoints served by the custom server (scripts/start.ts) before Next.js sees
// the request: Next's request pipeline costs ~20x a plain node:http handler here.
export type LeanHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
/** `prefix: true` serves the path and everything under it; method "ANY" every method. */
export type LeanRoute = {
  method: "GET" | "POST" | "DELETE" | "ANY";
  path: string;
  prefix?: boolean;
  handler: LeanHandler;
};

export const leanRoutes: LeanRoute[] = [
  ...decisionRoutes,
  ...tokenRoutes,
  ...agentRoutes,
  ...mcpRoutes,
  ...ledgerRoutes,
  ...explorerRoutes,
  { method: "ANY", path: "/scim/v2", prefix: true, handler: scimLeanHandler },
];

export function findLeanRoute(method: string | undefined, url: string | undefined): LeanRoute | undefined {
  const path = (url ?? "").split("?")[0];
  return leanRoutes.find(
    (r) =>
      (r.method === "ANY" || r.method === method) &&
      (r.path === path || (r.prefix === true && path.startsWith(`${r.path}/`))),
  );
}
