import { Suspense } from "react";
import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { greetingName } from "@/lib/my-work/greeting";
import { greetingPerson } from "@/lib/my-work/people";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { WorkCards } from "@/components/my-work/work-cards";
import { OrgDashboard } from "@/components/dashboard/org-dashboard";
import { listUnratifiedBreakGlass } from "@/lib/requests/queries";
import { BreakGlassFindings } from "@/components/dashboard/break-glass-findings";

export const metadata = { title: "My work" };

export default async function MyWorkPage() {
  const user = await requirePageUser("dashboard:view");
  const isAdmin = user.roles.includes("ADMIN");
  const name = greetingName(await greetingPerson(user));
  // Unratified break-glass is a finding for the admins who ratify and the auditors who watch.
  const breakGlass = isAdmin || user.roles.includes("AUDITOR") ? await listUnratifiedBreakGlass() : [];
  return (
    <>
      <PageHeader
        title="My work"
        description={`Welcome back, ${name}. Here is what is waiting for you today.`}
      />
      <BreakGlassFindings items={breakGlass} />
      <WorkCards user={user} />
      {isAdmin ? (
        <>
          <h2 className="mb-4 text-base font-semibold text-zinc-900">Organisation</h2>
          <Suspense fallback={<Skeleton className="h-64 w-full" />}>
            <OrgDashboard canSeeEntries={can(user.roles, "audit:read")} />
          </Suspense>
        </>
      ) : null}
    </>
  );
}
