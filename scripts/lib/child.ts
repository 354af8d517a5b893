import type { ChildProcess } from "node:child_process";

/** Resolves once `child` has printed `marker` on stdout (even split across chunks); rejects if it ends first. */
export function untilPrinted(child: ChildProcess, marker: string, what: string): Promise<void> {
  let tail = "";
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      const seen = tail + d.toString();
      if (seen.includes(marker)) resolve();
      tail = seen.slice(-marker.length);
    });
    child.once("close", (code) => reject(new Error(`${what} exited (${code}) before printing ${marker}`)));
  });
}
