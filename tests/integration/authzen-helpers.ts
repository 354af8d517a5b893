import { systemCaller } from "@/lib/actions/caller";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { findLeanRoute } from "@/lib/server/lean-routes";
import { createApiClient } from "@/lib/api-clients/mutations";

// A plain node:http server answering the lean routes exactly as scripts/start.ts does.
export async function startLeanServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const route = findLeanRoute(req.method, req.url);
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    void route.handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

export async function newToken(name = "test PEP"): Promise<string> {
  return (await createApiClient(systemCaller(), { name, scopes: ["access:evaluate", "access:search"] }))
    .token;
}

export function poster(url: string, token: string) {
  return async (path: string, body: unknown, raw = false) => {
    const res = await fetch(url + path, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${token}`,
        "x-request-id": "req-1",
      },
      body: raw ? (body as string) : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return {
      status: res.status,
      json: json as Record<string, unknown> & {
        decision?: boolean;
        evaluations?: { decision: boolean; context: { reason_admin: { en: string } } }[];
        context?: {
          reason_admin: { en: string };
          policies: string[];
          policy_set_version: string;
          decision_id: string | null;
        };
      },
      headers: res.headers,
    };
  };
}
