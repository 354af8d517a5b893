-- An entry's details are kept as the very text its hash covers: the canonical JSON (RFC 8785)
-- every writer already sends to triad_ledger_link, stored verbatim in a json column instead of
-- being parsed into jsonb. Verification then hashes the stored bytes as they are; with jsonb it had
-- to turn each entry's binary form back into text on the server (jsonb_out, 2.6-3 us an entry at
-- 10 million entries) and that text into canonical JSON in Node (40% of a verifying thread's
-- time). It is also stricter: from "LedgerFormat"."verbatimFrom" on, the stored bytes must be the
-- hashed bytes, so no other text of the same values (another key order, a duplicate key, 1.0 for
-- 1) passes. Entries written before hold jsonb's output text and are compared, as before, by
-- their canonical form (lib/ledger/copy-chain.ts). Queries read json with the same operators.
ALTER TABLE "LogEntry" ALTER COLUMN details DROP DEFAULT;
ALTER TABLE "LogEntry" ALTER COLUMN details TYPE json USING details::json;
ALTER TABLE "LogEntry" ALTER COLUMN details SET DEFAULT '{}';

-- One row: the first seq stored as hashed. Fixed once set: triggers refuse changing or removing
-- it, and the app role may only read it (lib/db/roles.ts). Stop every Triad process while this
-- migration runs: an append already inside the old function when it starts would land after the
-- mark with jsonb's text and read as altered.
CREATE TABLE "LedgerFormat" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "verbatimFrom" BIGINT NOT NULL,
    CONSTRAINT "LedgerFormat_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "LedgerFormat_one_row" CHECK ("id" = 1)
);
INSERT INTO "LedgerFormat" ("verbatimFrom") SELECT coalesce(max(seq), 0) + 1 FROM "LogEntry";
CREATE FUNCTION triad_ledger_format_fixed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the ledger''s format mark is fixed: % on "LedgerFormat" is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "LedgerFormat_no_update" BEFORE UPDATE ON "LedgerFormat"
  FOR EACH ROW EXECUTE FUNCTION triad_ledger_format_fixed();
CREATE TRIGGER "LedgerFormat_no_delete" BEFORE DELETE ON "LedgerFormat"
  FOR EACH ROW EXECUTE FUNCTION triad_ledger_format_fixed();
CREATE TRIGGER "LedgerFormat_no_truncate" BEFORE TRUNCATE ON "LedgerFormat"
  FOR EACH STATEMENT EXECUTE FUNCTION triad_ledger_format_fixed();

-- The link function no longer takes the details apart from the hashed text: it cuts them out of
-- it (a kilobyte less to send and parse for each decision, and nothing that could differ).
DROP FUNCTION triad_ledger_link(text[], text[], text[], text[], text[], text[], text[], text[], text[]);
CREATE FUNCTION triad_ledger_link(
  heads text[], tails text[], ends text[],
  actors text[], kinds text[], names text[], actions text[], targets text[]
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
  details text[] := array_fill(NULL::text, ARRAY[n]);
BEGIN
  IF n = 0 OR coalesce(array_length(tails, 1), 0) <> n OR coalesce(array_length(ends, 1), 0) <> n
     OR coalesce(array_length(actors, 1), 0) <> n OR coalesce(array_length(kinds, 1), 0) <> n
     OR coalesce(array_length(names, 1), 0) <> n OR coalesce(array_length(actions, 1), 0) <> n
     OR coalesce(array_length(targets, 1), 0) <> n THEN
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
    -- The details stored are the very text hashed (verification compares the stored bytes), so
    -- they are cut out of the hashed text rather than sent a second time.
    IF left(tails[i], 11) IS DISTINCT FROM ',"details":' OR right(tails[i], 12) IS DISTINCT FROM ',"prevHash":' THEN
      RAISE EXCEPTION 'triad_ledger_link: entry % has no details in its hashed text', i;
    END IF;
    details[i] := substr(tails[i], 12, length(tails[i]) - 23);
    prevs[i] := prev;
    prev := encode(sha256(convert_to(
      heads[i] || at_json || tails[i] || '"' || prev || '","seq":"' || (first_seq + i - 1)::text || '"' || ends[i],
      'UTF8')), 'hex');
    hashes[i] := prev;
  END LOOP;
  INSERT INTO "LogEntry" (seq, at, actor, "actorKind", "actorName", action, target, details, "prevHash", hash)
  SELECT first_seq + v.i - 1, stamp, v.actor, v.kind, v.name, v.action, v.target, v.details::json, v.prev, v.hash
  FROM unnest(actors, kinds, names, actions, targets, details, prevs, hashes) WITH ORDINALITY
    AS v(actor, kind, name, action, target, details, prev, hash, i);
  RETURN QUERY SELECT first_seq, stamp;
END;
$$;
