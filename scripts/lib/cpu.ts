import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// CPU seconds, which a busy machine disturbs far less than wall time: this process's, and the
// embedded PostgreSQL's (its server process, its live backends and the backends it has reaped).

export const processCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const TICKS = 100; // USER_HZ on Linux

function stat(pid: string): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    return text.slice(text.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** CPU seconds used so far by the embedded server under `pgdata`, or null when not measurable. */
export function postgresCpuSeconds(pgdata: string): number | null {
  const pidFile = path.join(pgdata, "postmaster.pid");
  if (!existsSync(pidFile) || !existsSync("/proc/self/stat")) return null;
  const postmaster = readFileSync(pidFile, "utf8").split("\n")[0].trim();
  const own = stat(postmaster);
  if (!own) return null;
  // Fields after the command: state=0 ppid=1 … utime=11 stime=12 cutime=13 cstime=14.
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    const s = stat(pid);
    if (s && s[1] === postmaster) ticks += Number(s[11]) + Number(s[12]);
  }
  return ticks / TICKS;
}
