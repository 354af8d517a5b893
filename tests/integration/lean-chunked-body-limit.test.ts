import { request, Agent } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DISCARD_LIMITS } from "@/lib/http/body";
import { newToken, startLeanServer } from "./authzen-helpers";

// A body sent with chunked transfer encoding declares no length, so its size is known only while
// it streams in. Past the route's limit the lean routes stop buffering, read and discard the
// rest, and answer 413 with their usual JSON error: never a connection reset, never a 500.

let server: Awaited<ReturnType<typeof startLeanServer>>;
let token: string;

beforeAll(async () => {
  server = await startLeanServer();
  token = await newToken("chunked body PEP");
});
afterAll(() => server.close());

type Answer = { status: number; body: string; connection: string | undefined };

/** POSTs `total` bytes of a JSON string value in 8 KB chunks (no content-length), then ends. */
function chunkedPost(path: string, total: number, agent?: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, {
      method: "POST",
      agent,
      headers: {
        "content-type": "application/json",
        "transfer-encoding": "chunked",
        authorization: `Bearer ${token}`,
      },
    });
    req.on("error", reject);
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
      res.on("error", reject);
    });
    const chunk = "x".repeat(8192);
    let sent = 0;
    const writeMore = () => {
      if (sent === 0) req.write('{"pad":"');
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", writeMore);
      }
      req.end('"}');
    };
    writeMore();
  });
}

describe("lean routes: a chunked body past the limit", () => {
  it.each([
    ["the decision API", "/access/v1/evaluation", 200_000],
    ["the decision API, far past the limit", "/access/v1/evaluations", 5_000_000],
    ["the agent session API", "/api/v1/agent-sessions", 100_000],
  ])("answers 413 with a JSON error for %s", async (_label, path, total) => {
    const r = await chunkedPost(path, total);
    expect(r.status).toBe(413);
    const json = JSON.parse(r.body) as { error: string; message: string };
    expect(json.error).toBe("too_large");
    expect(json.message).toMatch(/larger than \d+ bytes/);
  });

  it("answers the token endpoint's own JSON error instead of a reset", async () => {
    const r = await chunkedPost("/api/v1/tokens", 100_000);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ error: "invalid_request" });
  });

  it("keeps answering on the same connection after a 413 it read to the end", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect((await chunkedPost("/access/v1/evaluation", 200_000, agent)).status).toBe(413);
      // A small chunked body on the same socket is read and judged on its content (a 400).
      const small = await chunkedPost("/access/v1/evaluation", 10, agent);
      expect(small.status).toBe(400);
      expect(JSON.parse(small.body)).toMatchObject({ error: "invalid_request" });
    } finally {
      agent.destroy();
    }
  });

  it("answers a body that never ends, then closes its connection", async () => {
    const saved = { ...DISCARD_LIMITS };
    Object.assign(DISCARD_LIMITS, { bytes: 256 * 1024, closeAfterMs: 300 });
    try {
      const r = await endlessPost("/access/v1/evaluation");
      expect(r.status).toBe(413);
      expect(JSON.parse(r.body)).toMatchObject({ error: "too_large" });
      expect(r.closedAfterAnswer).toBe(true);
    } finally {
      Object.assign(DISCARD_LIMITS, saved);
    }
  });
});

/** Sends chunks until the server closes the connection; what it answered meanwhile. */
function endlessPost(path: string): Promise<{ status: number; body: string; closedAfterAnswer: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, {
      method: "POST",
      headers: { "transfer-encoding": "chunked", authorization: `Bearer ${token}` },
    });
    let answer: { status: number; body: string } | null = null;
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => (answer = { status: res.statusCode ?? 0, body }));
    });
    // The close (a reset, as the client is still sending) is the expected end, after the answer.
    req.on("error", () => undefined);
    req.on("close", () =>
      answer
        ? resolve({ ...answer, closedAfterAnswer: true })
        : reject(new Error("closed without an answer")),
    );
    const chunk = "x".repeat(16_384);
    const writeMore = () => {
      while (!req.destroyed) if (!req.write(chunk)) return void req.once("drain", writeMore);
    };
    writeMore();
  });
}
