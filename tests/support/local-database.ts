// Tests write and wipe data: they refuse any database that is not on this machine.
export function assertLocalDatabase(url: string): void {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`refusing to run tests against a non-local database (${host})`);
  }
}

export const TEST_AUTH_SECRET = "test-only-secret-0123456789abcdefghijklmnopqrstuvwxyz";
