import http from "node:http";
import { performance } from "node:perf_hooks";

// Open-loop load at a fixed rate, for the benchmarks' "p99 at N req/s" figures. Request i is due
// at start + i/rate whatever happened to the requests before it, and its latency counts from when
// it was due, not from when it could be sent: a stalled server is not hidden by a client that
// waits for it (coordinated omission). autocannon's rate options are not this: each connection
// sends its per-second quota back to back at the start of every second and then idles, so a
// "1,000 req/s" run measures bursts of full load a quarter of each second.

export type PacedRequest = { body: string; headers?: Record<string, string> };

export type PacedResult = {
  sent: number;
  ok: number;
  errors: number;
  /** What the errors were, e.g. "ECONNRESET:3 status_503:1" (empty when none). */
  errorKinds: string;
  /** Answers a second over the run. */
  rps: number;
  p50: number;
  p99: number;
  max: number;
};

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;

/**
 * POSTs `next(i)` to `url` at `rate` a second for `seconds` (or until `stop()` says so), on
 * keep-alive connections opened as needed.
 */
export async function pacedLoad(options: {
  url: string;
  rate: number;
  seconds: number;
  next: (i: number) => PacedRequest;
  headers?: Record<string, string>;
  stop?: () => boolean;
}): Promise<PacedResult> {
  const url = new URL(options.url);
  // Idle sockets are dropped after 4 s, before the server's 5 s keep-alive timeout closes them
  // under a request just sent on them (an ECONNRESET that is the client's race, not the server's).
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512, timeout: 4_000 });
  const latencies: number[] = [];
  let errors = 0;
  const kinds = new Map<string, number>();
  const fail = (kind: string) => {
    errors++;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  };
  let sent = 0;
  const inflight = new Set<Promise<void>>();
  const send = (i: number, due: number) => {
    const { body, headers } = options.next(i);
    const done = new Promise<void>((resolve) => {
      // One outcome per request: a reset after the headers fires both the response's and the
      // request's "error".
      let settled = false;
      const settle = (failure?: string) => {
        if (settled) return;
        settled = true;
        if (failure) fail(failure);
        else latencies.push(performance.now() - due);
        resolve();
      };
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method: "POST",
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
            ...options.headers,
            ...headers,
          },
        },
        (res) => {
          res.resume();
          res.on("end", () =>
            settle(res.statusCode && res.statusCode < 300 ? undefined : `status_${res.statusCode}`),
          );
          res.on("error", (error: NodeJS.ErrnoException) => settle(error.code ?? "response_error"));
        },
      );
      req.on("error", (error: NodeJS.ErrnoException) => settle(error.code ?? "request_error"));
      req.end(body);
    });
    inflight.add(done);
    void done.then(() => inflight.delete(done));
  };
  const start = performance.now();
  const interval = 1000 / options.rate;
  while (performance.now() - start < options.seconds * 1000 && !(options.stop?.() ?? false)) {
    const now = performance.now();
    while (start + sent * interval <= now) {
      send(sent, start + sent * interval);
      sent++;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  const elapsed = (performance.now() - start) / 1000;
  await Promise.all(inflight);
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    sent,
    ok: latencies.length,
    errors,
    errorKinds: [...kinds].map(([k, n]) => `${k}:${n}`).join(" "),
    rps: latencies.length / elapsed,
    p50: pct(sorted, 50),
    p99: pct(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}
