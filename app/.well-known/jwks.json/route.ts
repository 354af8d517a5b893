import { NextResponse } from "next/server";
import { currentSigningKey, publicJwks } from "@/lib/tokens/keys";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The public keys of Triad's token signing keys, current and still-valid retired ones. */
export async function GET() {
  try {
    await currentSigningKey(); // publishes a key before the first token is ever asked for
    return NextResponse.json(await publicJwks(), { headers: { "cache-control": "public, max-age=300" } });
  } catch (error) {
    console.error("[triad] jwks failed", error);
    return NextResponse.json({ error: "server_error" }, { status: 500 });
  }
}
