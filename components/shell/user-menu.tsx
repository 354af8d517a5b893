import Link from "next/link";
import { KeyRound, LogOut } from "lucide-react";
import { signOutAction } from "@/lib/auth/actions";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";
import { Badge } from "@/components/ui/badge";

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]?.toUpperCase())
    .join("");
}

/** Signed-in user, their roles, and sign-out (a form posting to the lead's server action). */
export function UserMenu({ name, email, roles }: { name: string; email: string; roles: Role[] }) {
  return (
    <div className="flex items-center gap-3">
      <div className="hidden flex-wrap justify-end gap-1 md:flex">
        {roles.map((r) => (
          <Badge key={r} tone="accent">
            {ROLE_LABELS[r] ?? r}
          </Badge>
        ))}
      </div>
      <div className="flex items-center gap-2">
        <span
          className="flex size-8 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-700"
          aria-hidden
        >
          {initials(name)}
        </span>
        <div className="hidden leading-tight sm:block">
          <div className="text-sm font-medium text-zinc-900">{name}</div>
          <div className="text-xs text-zinc-500">{email}</div>
        </div>
      </div>
      <Link
        href="/account/password"
        className="inline-flex h-8 items-center gap-1.5 rounded-md px-2 text-sm text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900"
        title="Change password"
      >
        <KeyRound className="size-4" aria-hidden />
        <span className="sr-only">Change password</span>
      </Link>
      <form action={signOutAction}>
        <button
          type="submit"
          className="inline-flex h-8 items-center gap-1.5 rounded-md px-2 text-sm text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900"
          title="Sign out"
        >
          <LogOut className="size-4" aria-hidden />
          <span className="hidden sm:inline">Sign out</span>
        </button>
      </form>
    </div>
  );
}
