-- Ownership can be handed to a team: the team's lead accepts on its behalf.
ALTER TABLE "OwnershipTransfer" ADD COLUMN "toTeamId" UUID;
