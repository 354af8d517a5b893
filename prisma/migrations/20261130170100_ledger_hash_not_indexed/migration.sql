-- Nothing looks a ledger entry up by its hash (entries are found by seq, action, target, actor or
-- time), and the chain already makes each hash unique: it covers the entry's seq. The unique index
-- cost every append a B-tree insert at a random place in an index larger than memory (1.3 GB at
-- 10 million entries, so a disk read and, after each checkpoint, a full-page image in the WAL).
-- Measured on the decision path at 10.6 million entries (bench:decisions, 2 vCPUs): PostgreSQL CPU
-- per decision 183–226 µs with it, 107–121 µs without.
DROP INDEX IF EXISTS "LogEntry_hash_key";
