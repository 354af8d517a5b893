-- At most one ACTIVE version per policy set, whatever the application does.
CREATE UNIQUE INDEX "PolicyVersion_one_active_per_set" ON "PolicyVersion"("policySetId") WHERE status = 'ACTIVE';
