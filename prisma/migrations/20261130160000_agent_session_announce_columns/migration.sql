-- The agent-session announcement fires only when what a cache holds changes: the end, the expiry,
-- the token and what the session is for. The call counters are written back twice a second under
-- load (lib/enforcement/agent/session.ts), and announcing those writes dropped every session from
-- every process's cache twice a second; each write-back now reads the totals back instead.
-- A new session needs no announcement either: nobody can have cached an id or token that did not
-- exist (both are random), and the writers of a kill, a renewal or an end announce its id.
DROP TRIGGER "AgentSession_announce" ON "AgentSession";
CREATE TRIGGER "AgentSession_announce" AFTER DELETE OR UPDATE OF "endedAt", "expiresAt", "tokenHash", "tokenExpiresAt", "task", "onBehalfOfId", "consentId", "agentId" ON "AgentSession"
  FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_change('agent-session');
CREATE TRIGGER "AgentSession_announce_truncate" AFTER TRUNCATE ON "AgentSession" FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_change('agent-session');

-- Opening a session stamps the agent's lastActiveAt (an inventory column, read by no cache); that
-- write announced "actor" and so dropped every cached subject in every process at each session
-- opened. The agent profile announces every other column (tests/integration/change-channel.test.ts
-- fails when a column is added to the table but not here).
DROP TRIGGER "AgentProfile_announce" ON "AgentProfile";
CREATE TRIGGER "AgentProfile_announce" AFTER INSERT OR DELETE OR UPDATE OF "actorId", "model", "provider", "runtime", "sponsorId", "pendingSponsorId", "toolAllowList", "autonomyLevel", "maxSessionTtlMinutes", "onBehalfOf", "lastAttestedAt", "toolBoundary", "actForIds", "attestationDays", "expiresAt" ON "AgentProfile"
  FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_change('actor');
CREATE TRIGGER "AgentProfile_announce_truncate" AFTER TRUNCATE ON "AgentProfile" FOR EACH STATEMENT EXECUTE FUNCTION triad_announce_change('actor');
