import { z } from "zod";

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

// IdPs send booleans as strings now and then (Entra ID: "False").
const bool = z.union([z.boolean(), z.enum(["true", "false", "True", "False", "TRUE", "FALSE"]).transform((v) => v.toLowerCase() === "true")]);
const str = (max: number) => z.string().trim().max(max);

export const scimUserSchema = z.looseObject({
  userName: str(320).min(1, "userName is required"),
  externalId: str(255).nullish(),
  displayName: str(200).nullish(),
  name: z.looseObject({ formatted: str(200).nullish(), givenName: str(100).nullish(), familyName: str(100).nullish() }).nullish(),
  title: str(200).nullish(),
  active: bool.nullish(),
  emails: z.array(z.looseObject({ value: str(320), primary: bool.nullish(), type: z.string().nullish() })).max(20).nullish(),
  [ENTERPRISE_SCHEMA]: z
    .looseObject({
      department: str(200).nullish(),
      employeeNumber: str(100).nullish(),
      manager: z.union([z.looseObject({ value: z.string().max(100).nullish() }), z.string().max(100)]).nullish(),
    })
    .nullish(),
});
export type ScimUserInput = z.infer<typeof scimUserSchema>;

export const scimGroupSchema = z.looseObject({
  displayName: str(200).min(1, "displayName is required"),
  externalId: str(255).nullish(),
  members: z.array(z.looseObject({ value: z.string().max(100), display: z.string().nullish() })).max(50_000).nullish(),
});
export type ScimGroupInput = z.infer<typeof scimGroupSchema>;
