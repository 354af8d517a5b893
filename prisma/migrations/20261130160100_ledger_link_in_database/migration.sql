-- Every ledger writer appends through this function: the caller sends each entry's
-- chain-independent canonical text (head, tail and end parts, see lib/ledger/hash.ts entryBody)
-- and the function, under the chain lock, stamps the entries' time, numbers them after the
-- current head, hashes each onto the previous one exactly as hashCanonical does and inserts them.
-- Linking in the caller onto a guessed head (triad_ledger_append) lost its guess whenever another
-- writer appended in between (an outbox drain, the console, another replica) and paid for it with
-- a re-link and a locked retry of several round trips while everyone behind it waited. Taking the
-- time under the lock keeps `at` in seq order, so a time window is a contiguous slice of the chain.
-- Returns the first entry's seq (the entries are seq, seq+1, …) and their time.
CREATE FUNCTION triad_ledger_link(
  heads text[], tails text[], ends text[],
  actors text[], kinds text[], names text[], actions text[], targets text[], details text[]
) RETURNS TABLE (first bigint, at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
  n int := coalesce(array_length(heads, 1), 0);
  first_seq bigint;
  prev text;
  stamp timestamptz;
  at_json text;
  prevs text[] := array_fill(NULL::text, ARRAY[n]);
  hashes text[] := array_fill(NULL::text, ARRAY[n]);
BEGIN
  IF n = 0 OR coalesce(array_length(tails, 1), 0) <> n OR coalesce(array_length(ends, 1), 0) <> n
     OR coalesce(array_length(actors, 1), 0) <> n OR coalesce(array_length(kinds, 1), 0) <> n
     OR coalesce(array_length(names, 1), 0) <> n OR coalesce(array_length(actions, 1), 0) <> n
     OR coalesce(array_length(targets, 1), 0) <> n OR coalesce(array_length(details, 1), 0) <> n THEN
    RAISE EXCEPTION 'triad_ledger_link: every array must hold the same, non-zero number of entries';
  END IF;
  -- The head read below must see every append committed before the lock was granted, which a
  -- VOLATILE function's fresh snapshot does only under READ COMMITTED.
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'triad_ledger_link: needs READ COMMITTED, not %', current_setting('transaction_isolation');
  END IF;
  -- The hash covers the text as UTF-8 bytes, as every verifier reads it.
  IF current_setting('server_encoding') <> 'UTF8' THEN
    RAISE EXCEPTION 'triad_ledger_link: the database must be UTF8, not %', current_setting('server_encoding');
  END IF;
  -- The chain lock: LEDGER_LOCK_KEY in lib/ledger/append.ts (a test checks they agree).
  PERFORM pg_advisory_xact_lock(7240113);
  SELECT e.seq, e.hash, e.at INTO first_seq, prev, stamp FROM "LogEntry" e ORDER BY e.seq DESC LIMIT 1;
  first_seq := coalesce(first_seq, 0) + 1;
  prev := coalesce(prev, repeat('0', 64));
  -- Millisecond precision, as the column and as JavaScript's toISOString() writes it; never
  -- before the head's time, even if the clock steps back.
  stamp := greatest(date_trunc('milliseconds', clock_timestamp()), stamp);
  at_json := '"' || to_char(stamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"';
  FOR i IN 1..n LOOP
    prevs[i] := prev;
    prev := encode(sha256(convert_to(
      heads[i] || at_json || tails[i] || '"' || prev || '","seq":"' || (first_seq + i - 1)::text || '"' || ends[i],
      'UTF8')), 'hex');
    hashes[i] := prev;
  END LOOP;
  INSERT INTO "LogEntry" (seq, at, actor, "actorKind", "actorName", action, target, details, "prevHash", hash)
  SELECT first_seq + v.i - 1, stamp, v.actor, v.kind, v.name, v.action, v.target, v.details::jsonb, v.prev, v.hash
  FROM unnest(actors, kinds, names, actions, targets, details, prevs, hashes) WITH ORDINALITY
    AS v(actor, kind, name, action, target, details, prev, hash, i);
  RETURN QUERY SELECT first_seq, stamp;
END;
$$;

DROP FUNCTION IF EXISTS triad_ledger_append(bigint, text, timestamptz, text[], text[], text[], text[], text[], text[], text[], text[], text[]);
