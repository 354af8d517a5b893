import { NextResponse, type NextRequest } from "next/server";
import { refuseAddress, refusedAddressResponse } from "@/lib/http/address";

// Only a convenience redirect for visitors without a session cookie. The real check is
// requirePageUser()/assertCan() on the server for every page, action and route handler.
const PUBLIC = [
  "/login",
  "/mfa",
  "/api/auth",
  "/api/v1",
  "/scim",
  "/access",
  "/.well-known",
  "/_next",
  "/favicon",
];

export function proxy(request: NextRequest) {
  const refused = refuseAddress(request.url);
  if (refused) return refusedAddressResponse(request.url, refused);
  const { pathname, search } = request.nextUrl;
  if (PUBLIC.some((p) => pathname === p || pathname.startsWith(`${p}/`) || pathname.startsWith(p + ".")))
    return NextResponse.next();
  const hasSession = request.cookies.getAll().some((c) => c.name.endsWith("authjs.session-token"));
  if (hasSession) return NextResponse.next();
  const login = new URL("/login", request.url);
  if (pathname !== "/") login.searchParams.set("callbackUrl", pathname + search);
  return NextResponse.redirect(login);
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
