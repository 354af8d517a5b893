import { test as base, expect, type Page } from "@playwright/test";
import { generateSync } from "otplib";
import type { Role } from "@/lib/generated/prisma/enums";
import { issueTicket } from "@/lib/auth/tickets";
import { makeUser } from "../support/factories";

export type TestUser = {
  id: string;
  email: string;
  password: string;
  totpSecret: string | null;
  name: string;
};

export async function createUser(
  roles: Role[],
  options: { mfa?: boolean; actorId?: string } = {},
): Promise<TestUser> {
  const { user, password, totpSecret } = await makeUser(roles, options);
  return { id: user.id, email: user.email, name: user.name, password, totpSecret };
}

export function totpNow(secret: string): string {
  return generateSync({ secret });
}

/** Signs in through Auth.js's own credentials endpoint with a login ticket (no UI). */
export async function signInAs(page: Page, user: TestUser): Promise<void> {
  const ticket = await issueTicket(user.id, "login");
  const csrf = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, ticket, callbackUrl: "/" },
    maxRedirects: 0,
  });
  expect(response.status(), "sign-in through the auth endpoint").toBeLessThan(400);
}

export const test = base.extend<{
  signedIn: (roles: Role[], options?: { actorId?: string }) => Promise<TestUser>;
}>({
  signedIn: async ({ page }, use) => {
    await use(async (roles, options = {}) => {
      const user = await createUser(roles, options);
      await signInAs(page, user);
      return user;
    });
  },
});

export { expect };
