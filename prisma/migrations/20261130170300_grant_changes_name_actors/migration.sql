-- A change to grants names the actors whose grants changed (Change.actors, lib/changes/channel.ts),
-- so the decision path's cache drops only those actors' records. The topic-only announcement made
-- every process drop every cached subject and resource at each statement touching "Grant": a bulk
-- expiry ending 500 grants every few hundred milliseconds kept the cache empty, and every decision
-- re-read its subject while the expiry ran.
-- Statement-level still (one trigger run per statement), reading the statement's transition
-- tables. pg_notify payloads must stay under 8,000 bytes: the ids go 150 to a notification.
CREATE FUNCTION triad_announce_grant_actors() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids text[];
  n int;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT r."actorId"::text) INTO ids FROM new_rows r;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT r."actorId"::text) INTO ids FROM old_rows r;
  ELSE
    SELECT array_agg(DISTINCT x.id) INTO ids FROM (
      SELECT o."actorId"::text AS id FROM old_rows o UNION SELECT w."actorId"::text FROM new_rows w) x;
  END IF;
  n := coalesce(array_length(ids, 1), 0);
  IF n = 0 THEN
    RETURN NULL; -- the statement changed no row
  END IF;
  FOR i IN 0..(n - 1) / 150 LOOP
    PERFORM pg_notify('triad_changes',
      json_build_object('topic', 'grant', 'actors', ids[i * 150 + 1 : (i + 1) * 150])::text);
  END LOOP;
  RETURN NULL;
END;
$$;

DROP TRIGGER "Grant_announce" ON "Grant";
CREATE TRIGGER "Grant_announce_insert" AFTER INSERT ON "Grant" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_grant_actors();
CREATE TRIGGER "Grant_announce_update" AFTER UPDATE ON "Grant" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_grant_actors();
CREATE TRIGGER "Grant_announce_delete" AFTER DELETE ON "Grant" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_grant_actors();
-- TRUNCATE has no transition table: everything.
CREATE TRIGGER "Grant_announce_truncate" AFTER TRUNCATE ON "Grant"
  FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_change('grant');
