import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listInventory, listPlatforms } from "@/lib/inventory/list";
import { parseInventoryParams, type InventoryView } from "@/lib/inventory/schemas";
import { LinkTabs } from "@/components/ui/tabs";
import { PageHeader } from "@/components/ui/page-header";
import { InventoryTable } from "./inventory-table";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const TITLES: Record<InventoryView, { title: string; description: string }> = {
  all: { title: "Inventory", description: "Every human, non-human identity and AI agent in one place." },
  humans: {
    title: "Humans",
    description: "People: department, manager, MFA, employment status and last certification.",
  },
  nhis: {
    title: "Non-human identities",
    description: "Service accounts, keys, tokens and apps: owner, rotation, expiry and last use.",
  },
  agents: {
    title: "AI agents",
    description: "Agents with their model, runtime, sponsor, autonomy level and tools.",
  },
};

export function InventoryTabs({ active }: { active: InventoryView | "resources" | "entitlements" }) {
  return (
    <LinkTabs
      tabs={[
        { href: "/inventory", label: "All", active: active === "all" },
        { href: "/inventory/humans", label: "Humans", active: active === "humans" },
        { href: "/inventory/nhis", label: "NHIs", active: active === "nhis" },
        { href: "/inventory/agents", label: "Agents", active: active === "agents" },
        { href: "/resources", label: "Resources", active: active === "resources" },
        { href: "/entitlements", label: "Entitlements", active: active === "entitlements" },
      ]}
    />
  );
}

/** The server half of every inventory view: parse the URL once, query, hand plain rows to the table. */
export async function InventoryPage({
  view,
  searchParams,
}: {
  view: InventoryView;
  searchParams: SearchParams;
}) {
  const user = await requirePageUser("inventory:read");
  const raw = await searchParams;
  const params = parseInventoryParams(raw);
  const [page, platforms] = await Promise.all([
    listInventory(view, params),
    view === "nhis" || view === "all" ? listPlatforms() : Promise.resolve([]),
  ]);
  const exportQuery = new URLSearchParams(
    Object.entries(raw).flatMap(([k, v]) =>
      v === undefined || ["page", "size", "cursor"].includes(k)
        ? []
        : (Array.isArray(v) ? v : [v]).map((x) => [k, x]),
    ),
  );
  exportQuery.set("view", view);
  const { title, description } = TITLES[view];
  return (
    <>
      <PageHeader title={title} description={description} />
      <InventoryTabs active={view} />
      <InventoryTable
        view={view}
        rows={page.rows}
        total={page.total.value}
        totalKind={page.total.kind}
        keyset={page.keyset}
        nextCursor={page.nextCursor}
        platforms={platforms}
        exportHref={
          can(user.roles, "inventory:export") ? `/api/inventory/export?${exportQuery.toString()}` : null
        }
        importHref={can(user.roles, "inventory:import") ? "/settings/import" : null}
      />
    </>
  );
}
