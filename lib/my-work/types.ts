import type { Role } from "@/lib/generated/prisma/enums";
import type { SessionUser } from "@/lib/auth/session";

export type WorkItem = { id: string; label: string; detail?: string | null; href: string; due?: Date | null };

/** What one card shows: how many, the most urgent few, and where the whole queue is. */
export type WorkCardData = {
  count: number;
  capped?: boolean;
  items: WorkItem[];
  href: string;
  tone?: "danger" | "warning" | "neutral";
};

export type WorkCardDef = {
  id: string;
  /** The roles whose work this is; a person with several roles sees each card once. */
  roles: readonly Role[];
  title: string;
  /** Said plainly when there is nothing to do. */
  empty: string;
  /** Lower comes first on the page. */
  urgency: number;
  load: (user: SessionUser, now: Date) => Promise<WorkCardData>;
};
