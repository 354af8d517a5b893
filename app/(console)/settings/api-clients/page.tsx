import { PlugZap } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { listApiClients } from "@/lib/api-clients/queries";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Alert } from "@/components/ui/alert";
import { ApiClientsTable } from "./api-clients-table";
import { CreateApiClientDialog } from "./create-api-client-dialog";

export const metadata = { title: "API clients" };

export default async function ApiClientsPage() {
  await requirePageUser("settings:manage");
  const clients = await listApiClients();
  return (
    <>
      <PageHeader
        title="API clients"
        description="Gateways, agent runtimes and MCP servers that ask the decision API (AuthZEN, /access/v1). Each gets a bearer token, shown once and stored hashed."
        actions={<CreateApiClientDialog />}
      />
      <Alert tone="info" title="Calling the decision API" className="mb-4">
        <code className="text-xs">POST /access/v1/evaluation</code> with{" "}
        <code className="text-xs">Authorization: Bearer &lt;token&gt;</code>; discovery at{" "}
        <code className="text-xs">/.well-known/authzen-configuration</code>.
      </Alert>
      {clients.length === 0 ? (
        <EmptyState icon={PlugZap} title="No API clients yet" action={<CreateApiClientDialog />}>
          Create one for each policy enforcement point, so every decision in the log names who asked.
        </EmptyState>
      ) : (
        <ApiClientsTable clients={clients} />
      )}
    </>
  );
}
