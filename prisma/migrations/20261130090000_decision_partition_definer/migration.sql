-- The console runs as a role that owns no table (lib/db/roles.ts), so the daily job that adds
-- next months' decision partitions calls this function with its owner's rights. The fixed
-- search_path keeps a caller from redirecting the names it uses.
ALTER FUNCTION triad_decision_partition(date) SECURITY DEFINER SET search_path = public, pg_temp;
