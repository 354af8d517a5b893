// The embedded PostgreSQL's server settings. Its defaults are sized for a small shared host
// (shared_buffers 128 MB, a PostgreSQL checkpoint at least every 5 minutes or every ~0.5 GB of
// WAL); Triad's write path is a ledger that every decision appends to, and bulk work (a mass
// grant expiry, an import) writes gigabytes of WAL a minute. Measured with bench:requests at 24M
// ledger entries (2026-11-30): a 100,000-grant expiry under the defaults forced a checkpoint
// every 11 s, each followed by a full-page image of every page touched again (661k images,
// 4.3 GB of WAL); with these settings it forced none and wrote about 58% of that. Durability is
// pinned on: a longer checkpoint distance only means more WAL to replay after a crash (up to
// about 8 GB).

const MB = 1024 * 1024;

/**
 * The memory the database may use: the machine's, or a container's limit when one is known.
 * `constrained` is process.constrainedMemory(): undefined or 0 when unknown, and a huge number
 * (2^64 - 1) when there is no limit.
 */
export function databaseMemory(total: number, constrained: number | undefined): number {
  const limit = constrained && Number.isFinite(constrained) && constrained > 0 ? constrained : Infinity;
  return Math.min(total, limit);
}

/**
 * shared_buffers in MB: an eighth of `memory`, at least PostgreSQL's 128 MB default, at most
 * 2 GB (1 GB on Windows, which reserves it against the page file at start; 512 MB in a 32-bit
 * address space).
 */
export function sharedBuffersMb(memory: number, platform: string, arch: string): number {
  const cap = arch === "ia32" || arch === "arm" ? 512 : platform === "win32" ? 1024 : 2048;
  if (!Number.isFinite(memory) || memory <= 0) return 128;
  return Math.min(cap, Math.max(128, Math.floor(memory / 8 / MB)));
}

/** `-c name=value` flags for the embedded server (they take precedence over ALTER SYSTEM). */
export function embeddedServerFlags(memory: number, platform: string, arch: string): string[] {
  const settings = [
    "listen_addresses=127.0.0.1",
    "max_connections=200",
    // Durability, stated rather than left to defaults a config edit could change.
    "fsync=on",
    "synchronous_commit=on",
    "full_page_writes=on",
    `shared_buffers=${sharedBuffersMb(memory, platform, arch)}MB`,
    "max_wal_size=8GB",
    "checkpoint_timeout=30min",
  ];
  return settings.flatMap((s) => ["-c", s]);
}
