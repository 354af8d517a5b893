// Stands in for next/headers in integration tests that call server actions: it only carries the
// request's cookie (a real, signed Auth.js session cookie for a real ConsoleSession row), as
// Next's request scope would. Authentication, sessions and permission checks run unchanged.
let cookieHeader = "";

export function setRequestCookies(value: string): void {
  cookieHeader = value;
}

function parsed(): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of cookieHeader.split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return out;
}

export async function headers(): Promise<Headers> {
  return new Headers({
    cookie: cookieHeader,
    host: "localhost:3000",
    "x-forwarded-proto": "http",
    "user-agent": "vitest",
    "x-forwarded-for": "127.0.0.1",
  });
}

export async function cookies() {
  const jar = parsed();
  return {
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    has: (name: string) => jar.has(name),
    set: () => undefined,
    delete: () => undefined,
  };
}

export async function draftMode() {
  return { isEnabled: false, enable: () => undefined, disable: () => undefined };
}
