// W3C Trace Context: `traceparent: 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>`.
// An all-zero id is invalid by the spec; anything malformed is ignored (never an error).
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}(?:-.*)?$/;

export type TraceIds = { traceId: string; spanId: string };

export function parseTraceparent(header: string | string[] | undefined): TraceIds | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value || value.length > 512) return null;
  const m = TRACEPARENT.exec(value.trim().toLowerCase());
  if (!m || /^0+$/.test(m[1]) || /^0+$/.test(m[2]) || value.startsWith("ff")) return null;
  return { traceId: m[1], spanId: m[2] };
}
