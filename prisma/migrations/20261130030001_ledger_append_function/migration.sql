-- One statement appends a batch of ledger entries that the caller linked (seq, prevHash, hash)
-- onto the head it expected: the chain lock is taken, the head compared, the rows inserted, all
-- in one round trip. A different head (another writer came first) raises SQLSTATE TRH01 with
-- the actual head as "<seq>:<hash>"; the caller re-links and retries. Statement-level rollback
-- also undoes whatever the same statement inserted beside it (agent proposals).
CREATE FUNCTION triad_ledger_append(
  expected_seq bigint, expected_hash text, entry_at timestamptz,
  seqs text[], actors text[], kinds text[], names text[], actions text[], targets text[], details text[], prevs text[], hashes text[]
) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  head_seq bigint;
  head_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(7240113);
  -- A VOLATILE function's statements take a fresh snapshot: this sees every append committed
  -- before the lock was granted.
  SELECT e.seq, e.hash INTO head_seq, head_hash FROM "LogEntry" e ORDER BY e.seq DESC LIMIT 1;
  head_seq := coalesce(head_seq, 0);
  head_hash := coalesce(head_hash, repeat('0', 64));
  IF head_seq <> expected_seq OR head_hash <> expected_hash THEN
    RAISE EXCEPTION USING ERRCODE = 'TRH01', MESSAGE = head_seq::text || ':' || head_hash;
  END IF;
  INSERT INTO "LogEntry" (seq, at, actor, "actorKind", "actorName", action, target, details, "prevHash", hash)
  SELECT v.seq::bigint, entry_at, v.actor, v.kind, v.name, v.action, v.target, v.details::jsonb, v.prev, v.hash
  FROM unnest(seqs, actors, kinds, names, actions, targets, details, prevs, hashes)
    AS v(seq, actor, kind, name, action, target, details, prev, hash);
  RETURN expected_seq + coalesce(array_length(seqs, 1), 0);
END;
$$;
