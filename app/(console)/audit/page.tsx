import type { Metadata } from "next";
import { Download, History, Link2, ListChecks, ScrollText } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { ledgerOverview, ledgerTable, listLedger } from "@/lib/audit/queries";
import { latestCheckpoint } from "@/lib/ledger/checkpoint";
import { publishedKeys } from "@/lib/ledger/signing-keys";
import { parseTableParams, toSearchString } from "@/lib/table/search-params";
import { PageHeader } from "@/components/ui/page-header";
import { StatTile } from "@/components/ui/stat-tile";
import { ButtonLink } from "@/components/ui/button";
import { LedgerTable } from "./ledger-table";
import { VerifyLedgerCard } from "./verify-ledger-card";

export const metadata: Metadata = { title: "Audit · Triad" };

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("audit:read");
  const raw = await searchParams;
  const params = parseTableParams(raw, ledgerTable);
  // ?seq=N opens the ledger at entry N (links from decisions and grants).
  const seq = typeof raw.seq === "string" && /^\d{1,18}$/.test(raw.seq) ? raw.seq : null;
  if (seq && !params.cursor) params.cursor = (BigInt(seq) + 1n).toString();
  const [{ rows, nextCursor, notice }, overview, keys, last] = await Promise.all([
    listLedger(params),
    ledgerOverview(),
    publishedKeys(),
    latestCheckpoint(),
  ]);
  const activeKey = keys.find((k) => !k.retiredAt) ?? null;
  const checkpoints = {
    last: last ? { seq: last.seq.toString(), at: last.at.toISOString() } : null,
    key: activeKey ? { kid: activeKey.kid, publicKeyPem: activeKey.publicKeyPem } : null,
    canSign: can(user.roles, "audit:verify"),
  };
  const exportHref = `/api/audit/export${toSearchString({ q: params.q, filters: params.filters })}`;

  return (
    <>
      <PageHeader
        title="Audit"
        description="Every decision and every change, in one append-only, hash-chained ledger. Nothing here can be edited or deleted."
        actions={
          <div className="flex gap-2">
            <ButtonLink href="/audit/access" variant="outline" size="sm">
              <History className="size-4" aria-hidden /> Who had access on…
            </ButtonLink>
            {can(user.roles, "audit:export") ? (
              <ButtonLink href={exportHref} variant="outline" size="sm" prefetch={false}>
                <Download className="size-4" aria-hidden /> Export this view (CSV)
              </ButtonLink>
            ) : null}
          </div>
        }
      />
      <div className="mb-6 grid gap-4 md:grid-cols-3">
        <StatTile
          label="Ledger entries"
          value={Number(overview.total).toLocaleString("en")}
          hint="sequence numbers, no gaps"
          icon={ScrollText}
        />
        <StatTile
          label="Last 24 hours"
          value={overview.lastDay.toLocaleString("en")}
          hint="decisions and changes"
          icon={ListChecks}
        />
        <StatTile
          label="Head of the chain"
          value={
            <code className="font-mono text-base">
              {overview.headHash ? `${overview.headHash.slice(0, 16)}…` : "—"}
            </code>
          }
          hint="hash of the newest entry"
          icon={Link2}
        />
      </div>
      {can(user.roles, "audit:verify") ? (
        <VerifyLedgerCard newest={overview.total} checkpoints={checkpoints} />
      ) : null}
      {notice ? (
        <p className="mb-3 text-sm text-amber-800" role="status">
          {notice}
        </p>
      ) : null}
      <LedgerTable rows={rows} nextCursor={nextCursor} size={params.size} />
    </>
  );
}
