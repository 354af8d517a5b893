-- SCIM: a faithful User model (userName apart from emails, name parts, typed emails and phones,
-- enterprise attributes) and a version counter on groups for meta.version / If-Match.

ALTER TABLE "Team" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Team" ADD COLUMN "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

CREATE TABLE "ScimUser" (
    "actorId" UUID NOT NULL,
    "userName" TEXT NOT NULL,
    "userNameKey" TEXT NOT NULL,
    "externalId" TEXT,
    "givenName" TEXT,
    "familyName" TEXT,
    "middleName" TEXT,
    "formattedName" TEXT,
    "honorificPrefix" TEXT,
    "honorificSuffix" TEXT,
    "nickName" TEXT,
    "userType" TEXT,
    "preferredLanguage" TEXT,
    "locale" TEXT,
    "timezone" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "emails" JSONB NOT NULL DEFAULT '[]',
    "phoneNumbers" JSONB NOT NULL DEFAULT '[]',
    "addresses" JSONB NOT NULL DEFAULT '[]',
    "employeeNumber" TEXT,
    "costCenter" TEXT,
    "organization" TEXT,
    "division" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScimUser_pkey" PRIMARY KEY ("actorId")
);

CREATE UNIQUE INDEX "ScimUser_userNameKey_key" ON "ScimUser"("userNameKey");
CREATE INDEX "ScimUser_externalId_idx" ON "ScimUser"("externalId");

ALTER TABLE "ScimUser" ADD CONSTRAINT "ScimUser_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- People provisioned before this model kept userName in HumanProfile.email: carry it over.
INSERT INTO "ScimUser" ("actorId", "userName", "userNameKey", "externalId", "active", "emails")
SELECT a.id, h.email, lower(h.email), a."externalId", a.status = 'ACTIVE',
       jsonb_build_array(jsonb_build_object('value', h.email, 'type', 'work', 'primary', true))
FROM "Actor" a JOIN "HumanProfile" h ON h."actorId" = a.id
WHERE a.kind = 'HUMAN' AND a."sourceSystem" = 'scim'
ON CONFLICT DO NOTHING;
