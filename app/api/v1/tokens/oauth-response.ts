import { NextResponse } from "next/server";

// OAuth responses are never cached (RFC 6749 §5.1).
const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

export function oauthError(status: number, error: string, description: string) {
  const headers: Record<string, string> = { ...NO_STORE };
  if (status === 401) headers["www-authenticate"] = `Basic realm="triad", error="${error}"`;
  return NextResponse.json({ error, error_description: description }, { status, headers });
}

export function oauthJson(body: unknown, status = 200) {
  return NextResponse.json(body, { status, headers: NO_STORE });
}
