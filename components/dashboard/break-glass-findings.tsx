import Link from "next/link";
import { Siren } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { formatDateTime } from "@/components/ui/time";

type Item = {
  id: string;
  createdAt: Date;
  ratifyBy: Date | null;
  requester: { displayName: string };
  entitlement: { name: string };
  grants: { status: string }[];
};

/** Break-glass access nobody ratified: a finding (pending, or revoked at its deadline), never "approved". */
export function BreakGlassFindings({ items }: { items: Item[] }) {
  if (items.length === 0) return null;
  return (
    <Alert
      tone="danger"
      title={`${items.length} break-glass access${items.length === 1 ? "" : "es"} not ratified`}
      className="mb-6"
    >
      <ul className="mt-1 space-y-1">
        {items.map((i) => {
          const lapsed = i.grants.every((g) => g.status !== "ACTIVE");
          return (
            <li key={i.id} className="flex items-center gap-2">
              <Siren className="size-4 shrink-0" aria-hidden />
              <Link href={`/requests/${i.id}`} className="font-medium underline">
                {i.requester.displayName} · {i.entitlement.name}
              </Link>
              <span>
                {lapsed ? "revoked unratified" : `ratify by ${formatDateTime(i.ratifyBy)}`} (taken{" "}
                {formatDateTime(i.createdAt)})
              </span>
            </li>
          );
        })}
      </ul>
    </Alert>
  );
}
