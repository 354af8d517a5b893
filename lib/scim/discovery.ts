import { GROUP_ATTRS, USER_ATTRS, type Attr } from "./attributes";
import { MAX_RESULTS } from "./filter";
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, LIST_SCHEMA, USER_SCHEMA } from "./schemas";

// Discovery endpoints (RFC 7644 §4), generated from lib/scim/attributes.ts so that what is
// advertised is exactly what is stored, filterable and patchable.
export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    documentationUri: "https://datatracker.ietf.org/doc/html/rfc7644",
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "Bearer token",
        description:
          "A SCIM token created in Triad (Settings → SCIM or `npm run triad -- scim-token create`).",
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string) {
  const list = [
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "User",
      name: "User",
      endpoint: "/Users",
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: false }],
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "Group",
      name: "Group",
      endpoint: "/Groups",
      schema: GROUP_SCHEMA,
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
  return {
    schemas: [LIST_SCHEMA],
    totalResults: list.length,
    startIndex: 1,
    itemsPerPage: list.length,
    Resources: list,
  };
}

function describe(a: Attr): Record<string, unknown> {
  return {
    name: a.name,
    type: a.type,
    multiValued: a.multiValued,
    description: a.name,
    required: a.required,
    caseExact: a.caseExact,
    mutability: a.mutability,
    returned: a.returned,
    uniqueness: a.uniqueness,
    ...(a.canonicalValues ? { canonicalValues: a.canonicalValues } : {}),
    ...(a.referenceTypes ? { referenceTypes: a.referenceTypes } : {}),
    ...(a.subAttributes ? { subAttributes: a.subAttributes.map(describe) } : {}),
  };
}

const listed = (attrs: Attr[], schema: string) =>
  attrs.filter((a) => a.schema === schema && !a.common).map(describe);

export function schemas(baseUrl: string) {
  const list = [
    {
      id: USER_SCHEMA,
      name: "User",
      description: "A person (a human actor in Triad)",
      attributes: listed(USER_ATTRS, USER_SCHEMA),
    },
    {
      id: ENTERPRISE_SCHEMA,
      name: "EnterpriseUser",
      description: "Enterprise user",
      attributes: listed(USER_ATTRS, ENTERPRISE_SCHEMA),
    },
    { id: GROUP_SCHEMA, name: "Group", description: "A team", attributes: listed(GROUP_ATTRS, GROUP_SCHEMA) },
  ].map((s) => ({
    ...s,
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
    meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${s.id}` },
  }));
  return {
    schemas: [LIST_SCHEMA],
    totalResults: list.length,
    startIndex: 1,
    itemsPerPage: list.length,
    Resources: list,
  };
}
