import type { Context } from "@/lib/policy/cedar";

// The Cedar context every path starts from. Only a few caller-supplied fields are taken
// (task, environment), size-capped; everything security-relevant is computed by the path,
// so a PEP cannot claim "mfaFresh: true".

export type PepContext = Record<string, unknown> | undefined;

export type Path = "human" | "nhi" | "agent";

const str = (v: unknown, max: number) => (typeof v === "string" ? v.slice(0, max) : "");

export function baseContext(path: Path, now: Date, pep: PepContext, risk: number): Context {
  return {
    now: Math.floor(now.getTime() / 1000),
    hour: now.getUTCHours(),
    weekday: now.getUTCDay(),
    path,
    task: str(pep?.task, 200),
    environment: str(pep?.environment, 40),
    risk,
    mfaAgeMinutes: -1,
    mfaFresh: false,
    ownerPresent: false,
    credentialExpired: false,
    rotationOverdue: false,
    credentialAgeDays: 0,
    sessionLive: false,
    sessionTask: "",
    sessionAgeSeconds: -1,
    sessionCalls: 0,
    sessionDenies: 0,
    toolInBoundary: false,
    onBehalfOfKind: "",
    onBehalfOfId: "",
  };
}

export const MINUTE = 60_000;
export const DAY = 86_400_000;
