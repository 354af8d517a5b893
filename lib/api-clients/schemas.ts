import { z } from "zod";

export const API_CLIENT_SCOPES = ["access:evaluate", "access:search", "introspect", "audit:read"] as const;

export const createApiClientSchema = z.object({
  name: z.string().trim().min(2, "Give the client a name of at least 2 characters").max(80),
  scopes: z.array(z.enum(API_CLIENT_SCOPES)).default(["access:evaluate"]),
});
export type CreateApiClient = z.infer<typeof createApiClientSchema>;

export const revokeApiClientSchema = z.object({ id: z.uuid() });
export type RevokeApiClient = z.infer<typeof revokeApiClientSchema>;
