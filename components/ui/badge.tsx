import type { ComponentProps } from "react";
import { Bot, KeyRound, User } from "lucide-react";
import { cn } from "./cn";

export type BadgeTone = "neutral" | "info" | "success" | "warning" | "danger" | "accent";

const tones: Record<BadgeTone, string> = {
  neutral: "bg-zinc-100 text-zinc-700 ring-zinc-200",
  info: "bg-sky-50 text-sky-700 ring-sky-200",
  success: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  warning: "bg-amber-50 text-amber-800 ring-amber-200",
  danger: "bg-red-50 text-red-700 ring-red-200",
  accent: "bg-indigo-50 text-indigo-700 ring-indigo-200",
};

export function Badge({
  tone = "neutral",
  className,
  ...props
}: ComponentProps<"span"> & { tone?: BadgeTone }) {
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset [&_svg]:size-3",
        tones[tone],
        className,
      )}
      {...props}
    />
  );
}

export type ActorKindValue = "HUMAN" | "NHI" | "AGENT";

export const KIND_META: Record<
  ActorKindValue,
  { label: string; icon: typeof User; className: string; color: string }
> = {
  HUMAN: {
    label: "Human",
    icon: User,
    className: "bg-blue-50 text-blue-700 ring-blue-200",
    color: "var(--color-kind-human)",
  },
  NHI: {
    label: "NHI",
    icon: KeyRound,
    className: "bg-amber-50 text-amber-800 ring-amber-200",
    color: "var(--color-kind-nhi)",
  },
  AGENT: {
    label: "Agent",
    icon: Bot,
    className: "bg-violet-50 text-violet-700 ring-violet-200",
    color: "var(--color-kind-agent)",
  },
};

/** The actor kind (HUMAN / NHI / AGENT) with its own colour and icon, the same everywhere. */
export function KindBadge({ kind, className }: { kind: ActorKindValue | string; className?: string }) {
  const meta = KIND_META[kind as ActorKindValue];
  if (!meta) return <Badge className={className}>{kind}</Badge>;
  const Icon = meta.icon;
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset [&_svg]:size-3",
        meta.className,
        className,
      )}
    >
      <Icon aria-hidden />
      {meta.label}
    </span>
  );
}

/** Tones for the status enums of the domain, so every page colours them alike. */
const STATUS_TONES: Record<string, BadgeTone> = {
  // ActorStatus
  ACTIVE: "success",
  SUSPENDED: "warning",
  OFFBOARDING: "warning",
  RETIRED: "neutral",
  // ClaimStatus
  OWNED: "success",
  UNCLAIMED: "warning",
  CLAIM_PENDING: "info",
  ORPHANED: "danger",
  // Grants, requests, campaigns, policies, decisions
  EXPIRED: "neutral",
  REVOKED: "danger",
  PENDING: "info",
  APPROVED: "success",
  DENIED: "danger",
  REJECTED: "danger",
  CANCELLED: "neutral",
  FULFILLED: "success",
  DRAFT: "neutral",
  COMPLETED: "success",
  ALLOW: "success",
  DENY: "danger",
  CERTIFY: "success",
  REVOKE: "danger",
  ESCALATE: "warning",
  ACCEPTED: "success",
  DECLINED: "danger",
  DELIVERED: "success",
  FAILED: "danger",
  SUCCEEDED: "success",
  RUNNING: "info",
  PREVIEWED: "neutral",
};

export function humanize(value: string): string {
  const s = value.replace(/_/g, " ").toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Any domain status enum value as a coloured badge ("CLAIM_PENDING" → "Claim pending", info tone). */
export function StatusBadge({
  status,
  tone,
  className,
}: {
  status: string;
  tone?: BadgeTone;
  className?: string;
}) {
  return (
    <Badge tone={tone ?? STATUS_TONES[status] ?? "neutral"} className={className}>
      {humanize(status)}
    </Badge>
  );
}
