import { formatDistanceToNowStrict } from "date-fns";

/** Absolute UTC time, the same on server and client: "2026-11-29 19:45 UTC". */
export function formatDateTime(date: Date | string | null | undefined): string {
  if (!date) return "—";
  const d = typeof date === "string" ? new Date(date) : date;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "3 hours ago", with the exact time in a tooltip. Rendered on the server (no hydration drift). */
export function TimeAgo({ date, className }: { date: Date | string | null | undefined; className?: string }) {
  if (!date) return <span className={className}>—</span>;
  const d = typeof date === "string" ? new Date(date) : date;
  return (
    // Relative text drifts by a few seconds between server render and hydration in client trees.
    <time dateTime={d.toISOString()} title={formatDateTime(d)} className={className} suppressHydrationWarning>
      {formatDistanceToNowStrict(d, { addSuffix: true })}
    </time>
  );
}
