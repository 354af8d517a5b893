import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { env, requireAuthSecret } from "@/lib/env";
import { readTicketClaims } from "./tickets";
import { openConsoleSession } from "./sessions";

declare module "next-auth" {
  interface User {
    sid?: string;
  }
  interface Session {
    sid?: string;
  }
}

// Auth.js holds the session cookie (a signed JWT carrying our ConsoleSession id). The checks
// of password, lockout and TOTP happen in lib/auth/login.ts before a one-minute login ticket
// is handed to this provider, which only accepts such tickets.
function config(): NextAuthConfig {
  const maxAge = Math.round(env().TRIAD_SESSION_HOURS * 3600);
  return {
    secret: requireAuthSecret(),
    trustHost: true,
    session: { strategy: "jwt", maxAge },
    pages: { signIn: "/login" },
    providers: [
      Credentials({
        credentials: { ticket: {} },
        async authorize(credentials) {
          const ticket = typeof credentials?.ticket === "string" ? credentials.ticket : "";
          const claims = await readTicketClaims(ticket, "login");
          if (!claims) throw new CredentialsSignin("login ticket is invalid or expired");
          const sid = await openConsoleSession(claims.userId, maxAge, claims.mfa ? new Date() : null);
          return { id: claims.userId, sid };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user?.sid) token.sid = user.sid;
        return token;
      },
      session({ session, token }) {
        session.sid = typeof token.sid === "string" ? token.sid : undefined;
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(config);
