// The embedded PostgreSQL's server settings. Its defaults are sized for a small shared host
// (shared_buffers 128 MB, a checkpoint at least every 5 minutes or every ~0.5 GB of WAL); Triad's
// write path is a ledger that every decision appends to, and bulk work (a mass grant expiry, an
// import) writes gigabytes of WAL in a minute. Measured with bench:requests at 24M ledger entries
// (2026-11-30): a 100,000-grant expiry under the defaults forced 10 checkpoints in 110 s, each
// followed by a full-page image of every page touched again (661k images, 4.3 GB of WAL); with
// these settings it forced none and wrote about 2.5 GB. Durability is unchanged: fsync and
// synchronous commit stay on; a longer checkpoint distance only means more WAL to replay after a
// crash (at most a few GB, a minute or so).

const MB = 1024 * 1024;

/** shared_buffers in MB: an eighth of the machine's memory, at least PostgreSQL's 128 MB default, at most 2 GB. */
export function sharedBuffersMb(totalMemoryBytes: number): number {
  return Math.min(2048, Math.max(128, Math.floor(totalMemoryBytes / 8 / MB)));
}

/** `-c name=value` flags for the embedded server. */
export function embeddedServerFlags(totalMemoryBytes: number): string[] {
  const settings = [
    "listen_addresses=127.0.0.1",
    "max_connections=200",
    "fsync=on",
    `shared_buffers=${sharedBuffersMb(totalMemoryBytes)}MB`,
    "max_wal_size=8GB",
    "checkpoint_timeout=30min",
  ];
  return settings.flatMap((s) => ["-c", s]);
}
