import type { IncomingMessage, ServerResponse } from "node:http";
import { decisionRoutes } from "@/lib/decisions/http";
import { tokenRoutes } from "@/lib/tokens/http";
import { explorerRoutes } from "@/lib/explorer/http";

// Machine-facing endpoints served by the custom server (scripts/start.ts) before Next.js sees
// the request: Next's request pipeline costs ~20x a plain node:http handler here.
export type LeanHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
export type LeanRoute = { method: "GET" | "POST"; path: string; handler: LeanHandler };

export const leanRoutes: LeanRoute[] = [...decisionRoutes, ...tokenRoutes, ...explorerRoutes];

export function findLeanRoute(method: string | undefined, url: string | undefined): LeanRoute | undefined {
  const path = (url ?? "").split("?")[0];
  return leanRoutes.find((r) => r.method === method && r.path === path);
}
