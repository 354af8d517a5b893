-- The ledger is append-only: the database itself refuses to change or remove an entry,
-- whoever asks. Only a superuser who drops the triggers could, and verifyLedger would see it.
CREATE FUNCTION triad_ledger_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the ledger is append-only: % on "LogEntry" is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "LogEntry_no_update" BEFORE UPDATE ON "LogEntry"
  FOR EACH ROW EXECUTE FUNCTION triad_ledger_refuse_change();
CREATE TRIGGER "LogEntry_no_delete" BEFORE DELETE ON "LogEntry"
  FOR EACH ROW EXECUTE FUNCTION triad_ledger_refuse_change();
CREATE TRIGGER "LogEntry_no_truncate" BEFORE TRUNCATE ON "LogEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION triad_ledger_refuse_change();
