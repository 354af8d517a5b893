/**
 * Addresses the console refuses before any page sees them, with the message to answer (a 400),
 * or null when the address is fine:
 * - `%00` anywhere: PostgreSQL text cannot hold NUL and no Triad address has a use for one;
 * - a path segment that does not decode (`%ED%A0%80`, `%ZZ`): Next.js answers those with a
 *   500 on any dynamic route in production (vercel/next.js#92527).
 */
export function refuseAddress(url: string): string | null {
  if (url.includes("%00")) return "This address holds a NUL character (%00), which Triad does not accept.";
  const path = new URL(url).pathname;
  for (const segment of path.split("/"))
    try {
      decodeURIComponent(segment);
    } catch {
      return "This address holds a percent-encoded sequence that is not UTF-8 text.";
    }
  return null;
}

/**
 * The 400 for a refused address: JSON for `/api/` and SCIM callers, otherwise a small page a
 * person can read (the proxy runs before the app's layout, so it carries its own styles).
 */
export function refusedAddressResponse(url: string, message: string): Response {
  const { pathname } = new URL(url);
  if (pathname.startsWith("/api/") || pathname.startsWith("/scim/"))
    return Response.json({ error: "invalid_request", message }, { status: 400 });
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bad address · Triad</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;color:#18181b;background:#fafafa;margin:0}
main{max-width:32rem;margin:15vh auto;padding:2rem;background:#fff;border:1px solid #e4e4e7;border-radius:.75rem}
h1{font-size:1.125rem;margin:0 0 .5rem}p{color:#52525b;margin:0 0 1rem}a{color:#4338ca}</style></head>
<body><main><h1>This address cannot be opened</h1><p>${message}</p><p><a href="/">Go to My work</a></p></main></body></html>`;
  return new Response(page, { status: 400, headers: { "content-type": "text/html; charset=utf-8" } });
}
