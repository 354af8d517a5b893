import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import { z } from "zod";
import { BodyError } from "./body";
import { fromDatabaseError, isDomainError } from "@/lib/errors";

// Route handlers answer errors as JSON with a safe message: 4xx for what the caller can fix,
// a generic 500 with a request id (and the detail only in our log) for the rest.

export function jsonError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
) {
  return NextResponse.json({ error: code, message, ...extra }, { status });
}

export function errorResponse(error: unknown) {
  if (error instanceof z.ZodError) {
    return jsonError(
      400,
      "invalid_request",
      error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    );
  }
  if (error instanceof BodyError) return jsonError(error.status, error.code, error.message);
  if (isDomainError(error)) return jsonError(error.status, error.code, error.message);
  const known = fromDatabaseError(error);
  if (known) return jsonError(known.status, known.code, known.message);
  const requestId = randomUUID().slice(0, 8);
  console.error(`[triad] request ${requestId} failed`, error);
  return jsonError(500, "internal_error", `Internal error (request ${requestId}).`);
}
