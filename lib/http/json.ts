import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import { z } from "zod";
import { fromDatabaseError, isDomainError } from "@/lib/errors";

// Route handlers answer errors as JSON with a safe message: 4xx for what the caller can fix,
// a generic 500 with a request id (and the detail only in our log) for the rest.

export function jsonError(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  return NextResponse.json({ error: code, message, ...extra }, { status });
}

export function errorResponse(error: unknown) {
  if (error instanceof z.ZodError) {
    return jsonError(400, "invalid_request", error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  }
  if (isDomainError(error)) return jsonError(error.status, error.code, error.message);
  const known = fromDatabaseError(error);
  if (known) return jsonError(known.status, known.code, known.message);
  const requestId = randomUUID().slice(0, 8);
  console.error(`[triad] request ${requestId} failed`, error);
  return jsonError(500, "internal_error", `Internal error (request ${requestId}).`);
}

/** Reads a JSON body with a size cap; malformed JSON is a 400, not a 500. */
export async function readJson(request: Request, maxBytes = 1_000_000): Promise<unknown> {
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw new z.ZodError([{ code: "custom", path: [], message: `body larger than ${maxBytes} bytes`, input: undefined }]);
  try {
    return JSON.parse(text);
  } catch {
    throw new z.ZodError([{ code: "custom", path: [], message: "body is not valid JSON", input: undefined }]);
  }
}
