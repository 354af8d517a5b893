import { isStorableText } from "@/lib/db/storable";
import { db } from "@/lib/db";
import { sameHash, sha256 } from "@/lib/crypto/tokens";

export type ClientCredentials = { clientId: string; clientSecret: string } | null;

/** Client authentication per RFC 6749 §2.3.1: HTTP Basic, or client_id/client_secret in the body. */
export function readClientCredentials(
  authorization: string | null,
  body: Record<string, string | undefined>,
): ClientCredentials {
  if (authorization?.toLowerCase().startsWith("basic ")) {
    const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
    const i = decoded.indexOf(":");
    if (i <= 0) return null;
    const clientId = safeDecode(decoded.slice(0, i));
    const clientSecret = safeDecode(decoded.slice(i + 1));
    // Text PostgreSQL cannot take is unknown credentials, not a failed lookup (a 500).
    return isStorableText(clientId) && isStorableText(clientSecret) ? { clientId, clientSecret } : null;
  }
  if (body.client_id && body.client_secret)
    return { clientId: body.client_id, clientSecret: body.client_secret };
  return null;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

export type AuthenticatedClient = {
  id: string;
  keyId: string;
  name: string;
  scopes: string[];
  actorId: string | null;
};

/** The API client these credentials prove, or null (unknown, revoked, wrong secret). */
export async function authenticateClient(
  credentials: ClientCredentials,
): Promise<AuthenticatedClient | null> {
  if (!credentials || credentials.clientId.length > 200 || credentials.clientSecret.length > 500) return null;
  const client = await db.apiClient.findUnique({
    where: { keyId: credentials.clientId },
    select: {
      id: true,
      keyId: true,
      name: true,
      scopes: true,
      actorId: true,
      secretHash: true,
      revokedAt: true,
    },
  });
  const hash = sha256(credentials.clientSecret);
  if (!client || !sameHash(client.secretHash, hash) || client.revokedAt) return null;
  return {
    id: client.id,
    keyId: client.keyId,
    name: client.name,
    scopes: client.scopes,
    actorId: client.actorId,
  };
}

export const MAX_FORM_BYTES = 16_384;

/** Parses an application/x-www-form-urlencoded or JSON body (both are accepted). */
export function parseFormOrJson(
  text: string,
  contentType: string | null | undefined,
): Record<string, string | undefined> | null {
  let fields: Record<string, string | undefined>;
  if ((contentType ?? "").includes("application/json")) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return null;
      fields = Object.fromEntries(
        Object.entries(parsed).map(([k, v]) => [
          k,
          typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined,
        ]),
      );
    } catch {
      return null;
    }
  } else fields = Object.fromEntries(new URLSearchParams(text));
  // A body PostgreSQL could not take is a bad body (400), like one that does not parse.
  return Object.entries(fields).every(([k, v]) => isStorableText(k) && (v === undefined || isStorableText(v)))
    ? fields
    : null;
}
