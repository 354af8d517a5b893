import type { Role } from "@/lib/generated/prisma/enums";
import { UserMenu } from "./user-menu";

export function Header({ user }: { user: { name: string; email: string; roles: Role[] } }) {
  return (
    <header className="sticky top-0 z-20 flex h-14 items-center justify-end gap-4 border-b border-zinc-200 bg-white/90 pr-4 pl-14 backdrop-blur sm:pr-6 lg:pl-6">
      <UserMenu name={user.name} email={user.email} roles={user.roles} />
    </header>
  );
}
