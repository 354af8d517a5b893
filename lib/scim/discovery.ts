import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, LIST_SCHEMA, USER_SCHEMA } from "./schemas";

// Discovery endpoints (RFC 7644 §4): what this service provider supports.
export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    documentationUri: "https://datatracker.ietf.org/doc/html/rfc7644",
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: 200 },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [{ type: "oauthbearertoken", name: "Bearer token", description: "A SCIM token created in Triad (Settings → SCIM or `npm run triad -- scim-token create`).", primary: true }],
    meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string) {
  const list = [
    { schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], id: "User", name: "User", endpoint: "/Users", schema: USER_SCHEMA, schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: false }], meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/User` } },
    { schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], id: "Group", name: "Group", endpoint: "/Groups", schema: GROUP_SCHEMA, meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/Group` } },
  ];
  return { schemas: [LIST_SCHEMA], totalResults: list.length, startIndex: 1, itemsPerPage: list.length, Resources: list };
}

const attr = (name: string, type = "string", extra: Record<string, unknown> = {}) => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...extra,
});

export function schemas(baseUrl: string) {
  const list = [
    {
      id: USER_SCHEMA,
      name: "User",
      description: "A person (a human actor in Triad)",
      attributes: [
        attr("userName", "string", { required: true, uniqueness: "server" }),
        attr("displayName"),
        attr("name", "complex", { subAttributes: [attr("formatted"), attr("givenName"), attr("familyName")] }),
        attr("title"),
        attr("active", "boolean"),
        attr("emails", "complex", { multiValued: true, subAttributes: [attr("value"), attr("type"), attr("primary", "boolean")] }),
      ],
    },
    { id: ENTERPRISE_SCHEMA, name: "EnterpriseUser", description: "Enterprise user", attributes: [attr("department"), attr("employeeNumber"), attr("manager", "complex", { subAttributes: [attr("value")] })] },
    {
      id: GROUP_SCHEMA,
      name: "Group",
      description: "A team",
      attributes: [attr("displayName", "string", { required: true, uniqueness: "server" }), attr("members", "complex", { multiValued: true, subAttributes: [attr("value"), attr("display")] })],
    },
  ].map((s) => ({ ...s, schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"], meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${s.id}` } }));
  return { schemas: [LIST_SCHEMA], totalResults: list.length, startIndex: 1, itemsPerPage: list.length, Resources: list };
}
