-- Every table whose rows feed an in-memory cache of the decision path announces its changes on
-- the change channel (lib/changes/channel.ts), in the changing transaction: listeners in every
-- process hear of it only if and right after it commits. Statement-level, topic only: a bulk
-- import or COPY sends one notification per statement, and PostgreSQL folds identical
-- notifications within a transaction into one. The payload is byte-identical to what
-- announceChange(tx, topic) sends, so an explicit announcement in the same transaction folds too.
CREATE FUNCTION triad_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('triad_changes', '{"topic":"' || TG_ARGV[0] || '"}');
  RETURN NULL;
END;
$$;

-- API clients: not on lastUsedAt, which verification touches once a minute per client.
CREATE TRIGGER "ApiClient_announce" AFTER INSERT OR DELETE OR UPDATE OF "name", "keyId", "secretHash", "scopes", "revokedAt", "actorId" ON "ApiClient"
  FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_change('api-client');
CREATE TRIGGER "ApiClient_announce_truncate" AFTER TRUNCATE ON "ApiClient" FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_change('api-client');

CREATE TRIGGER "PolicyVersion_announce" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "PolicyVersion" FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_change('policy');
CREATE TRIGGER "PolicySet_announce" AFTER UPDATE OR DELETE OR TRUNCATE ON "PolicySet" FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_change('policy');

CREATE TRIGGER "Grant_announce" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Grant" FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_change('grant');

CREATE TRIGGER "Actor_announce" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Actor" FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_change('actor');
CREATE TRIGGER "HumanProfile_announce" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "HumanProfile" FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_change('actor');
CREATE TRIGGER "NhiProfile_announce" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "NhiProfile" FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_change('actor');
CREATE TRIGGER "AgentProfile_announce" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "AgentProfile" FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_change('actor');
CREATE TRIGGER "Credential_announce" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Credential" FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_change('actor');

CREATE TRIGGER "Resource_announce" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Resource" FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_change('resource');
CREATE TRIGGER "Entitlement_announce" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Entitlement" FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_change('resource');

CREATE TRIGGER "AgentSession_announce" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "AgentSession" FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_change('agent-session');

-- Console sessions: sign-in, step-up (mfaAt) and revocation (sign-out, MFA reset, leaver,
-- disabled user); a person's fresh console MFA can decide their privileged access.
CREATE TRIGGER "ConsoleSession_announce" AFTER INSERT OR DELETE OR UPDATE OF "revokedAt", "mfaAt" ON "ConsoleSession" FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_change('session');

CREATE TRIGGER "SigningKey_announce" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "SigningKey" FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_change('signing-key');
