import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/users/queries";
import { PageHeader } from "@/components/ui/page-header";
import { UsersTable } from "./users-table";
import { CreateUserDialog } from "./create-user-dialog";

export const metadata: Metadata = { title: "Console users · Triad" };

export default async function UsersPage() {
  const me = await requirePageUser("users:manage");
  const users = await listUsers();
  return (
    <>
      <PageHeader
        title="Console users"
        description="Who can sign in to Triad. Roles that approve, certify or change policy must use two-factor sign-in; they are asked to set it up at their next sign-in."
        actions={<CreateUserDialog />}
      />
      <UsersTable users={users} meId={me.id} />
    </>
  );
}
