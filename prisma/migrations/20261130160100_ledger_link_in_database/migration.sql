-- The decision path's append links its entries inside the database, under the chain lock: the
-- caller sends each entry's chain-independent canonical text (head, tail and target parts, see
-- lib/ledger/hash.ts entryBody) and the function numbers the entries after the current head,
-- hashes each onto the previous one exactly as hashCanonical does, and inserts them. Linking in
-- the caller onto a guessed head (triad_ledger_append) lost its guess whenever another writer
-- appended in between (an outbox drain, the console, another replica) and paid for it with a
-- re-link and a locked retry of several round trips, while everyone behind it waited.
-- Returns the first entry's seq; the entries are seq, seq+1, ….
CREATE FUNCTION triad_ledger_link(
  entry_at text, heads text[], tails text[], ends text[],
  actors text[], kinds text[], names text[], actions text[], targets text[], details text[]
) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  n int := coalesce(array_length(heads, 1), 0);
  first_seq bigint;
  prev text;
  at_json text := '"' || entry_at || '"';
  prevs text[] := array_fill(NULL::text, ARRAY[n]);
  hashes text[] := array_fill(NULL::text, ARRAY[n]);
BEGIN
  PERFORM pg_advisory_xact_lock(7240113);
  -- A VOLATILE function's statements take a fresh snapshot: this sees every append committed
  -- before the lock was granted.
  SELECT e.seq, e.hash INTO first_seq, prev FROM "LogEntry" e ORDER BY e.seq DESC LIMIT 1;
  first_seq := coalesce(first_seq, 0) + 1;
  prev := coalesce(prev, repeat('0', 64));
  FOR i IN 1..n LOOP
    prevs[i] := prev;
    prev := encode(sha256(convert_to(
      heads[i] || at_json || tails[i] || '"' || prev || '","seq":"' || (first_seq + i - 1)::text || '"' || ends[i],
      'UTF8')), 'hex');
    hashes[i] := prev;
  END LOOP;
  INSERT INTO "LogEntry" (seq, at, actor, "actorKind", "actorName", action, target, details, "prevHash", hash)
  SELECT first_seq + v.i - 1, entry_at::timestamptz, v.actor, v.kind, v.name, v.action, v.target, v.details::jsonb, v.prev, v.hash
  FROM unnest(actors, kinds, names, actions, targets, details, prevs, hashes) WITH ORDINALITY
    AS v(actor, kind, name, action, target, details, prev, hash, i);
  RETURN first_seq;
END;
$$;

DROP FUNCTION triad_ledger_append(bigint, text, timestamptz, text[], text[], text[], text[], text[], text[], text[], text[], text[]);
