-- Signed checkpoints of the ledger (issue 8, item 9) and the outbox that lets bulk changes
-- chain their entries in short transactions (issue 8, item 6).
CREATE TABLE "LedgerSigningKey" (
    "id" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "sealedPrivateKey" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMPTZ(3),

    CONSTRAINT "LedgerSigningKey_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "LedgerCheckpoint" (
    "seq" BIGINT NOT NULL,
    "headHash" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "keyId" TEXT NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "LedgerCheckpoint_pkey" PRIMARY KEY ("seq")
);

CREATE TABLE "LedgerOutbox" (
    "id" BIGSERIAL NOT NULL,
    "event" JSONB NOT NULL,
    "queuedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerOutbox_pkey" PRIMARY KEY ("id")
);

-- Checkpoints are evidence: like the ledger, the database refuses to change or remove them.
CREATE TRIGGER "LedgerCheckpoint_no_update" BEFORE UPDATE ON "LedgerCheckpoint"
  FOR EACH ROW EXECUTE FUNCTION triad_ledger_refuse_change();
CREATE TRIGGER "LedgerCheckpoint_no_delete" BEFORE DELETE ON "LedgerCheckpoint"
  FOR EACH ROW EXECUTE FUNCTION triad_ledger_refuse_change();
CREATE TRIGGER "LedgerCheckpoint_no_truncate" BEFORE TRUNCATE ON "LedgerCheckpoint"
  FOR EACH STATEMENT EXECUTE FUNCTION triad_ledger_refuse_change();
