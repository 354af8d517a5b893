-- The Cedar entities of kept decision records, stored once each under the SHA-256 of their
-- canonical JSON (lib/decisions/entities.ts); DecisionRecord.cedar names them by that hash.
CREATE TABLE "DecisionEntity" (
    "hash" TEXT NOT NULL,
    "entity" JSONB NOT NULL,

    CONSTRAINT "DecisionEntity_pkey" PRIMARY KEY ("hash")
);

-- A row is named by its content, so changing one could only falsify the records that name it.
CREATE FUNCTION triad_decision_entity_refuse_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'decision entities are immutable: UPDATE on "DecisionEntity" is not allowed'
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "DecisionEntity_no_update" BEFORE UPDATE ON "DecisionEntity"
  FOR EACH ROW EXECUTE FUNCTION triad_decision_entity_refuse_update();
