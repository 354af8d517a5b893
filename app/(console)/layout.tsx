import type { ReactNode } from "react";
import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { Sidebar } from "@/components/shell/sidebar";
import { Header } from "@/components/shell/header";
import { navFor } from "@/components/shell/nav";
import { countPendingProposals } from "@/lib/proposals/queries";
import { requestCounts } from "@/lib/requests/queries";
import { countOpenItems } from "@/lib/campaigns/queue";

/** The signed-in console: sidebar (entries by permission), header with the user, page content. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser("dashboard:view");
  const [requests, proposals, reviews] = await Promise.all([
    requestCounts(user.actorId),
    countPendingProposals(user.actorId),
    countOpenItems(user.actorId),
  ]);
  const items = navFor((p) => can(user.roles, p), { "/proposals": proposals, "/reviews": reviews }).map(
    (i) =>
      i.href === "/requests"
        ? {
            ...i,
            count: requests.toApprove + requests.mine,
            countLabel: `${requests.toApprove} to approve, ${requests.mine} of yours pending`,
          }
        : i,
  );
  return (
    <div className="min-h-dvh">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-indigo-700 shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <Sidebar items={items} />
      <div className="flex min-h-dvh flex-col lg:pl-60">
        <Header user={user} />
        <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 sm:px-6 lg:px-8">
          {children}
        </main>
      </div>
    </div>
  );
}
