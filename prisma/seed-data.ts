// Reference data for the demo company, Northwind Labs. Kept apart from the seeding logic.

export const COMPANY_DOMAIN = "northwind.example";

export const DEPARTMENTS: { name: string; teams: string[]; titles: string[] }[] = [
  {
    name: "Engineering",
    teams: ["Payments", "Checkout", "Identity", "Mobile"],
    titles: ["Software Engineer", "Senior Software Engineer", "Staff Engineer"],
  },
  {
    name: "Platform",
    teams: ["SRE", "Cloud Infrastructure", "Developer Experience"],
    titles: ["Site Reliability Engineer", "Platform Engineer", "Senior Platform Engineer"],
  },
  {
    name: "Data",
    teams: ["Data Platform", "Analytics", "Machine Learning"],
    titles: ["Data Engineer", "Analytics Engineer", "ML Engineer"],
  },
  {
    name: "Security",
    teams: ["Security Engineering", "GRC"],
    titles: ["Security Engineer", "GRC Analyst", "Detection Engineer"],
  },
  {
    name: "Finance",
    teams: ["FP&A", "Accounting"],
    titles: ["Financial Analyst", "Accountant", "Controller"],
  },
  {
    name: "Sales",
    teams: ["Enterprise Sales", "Sales Operations"],
    titles: ["Account Executive", "Sales Ops Analyst", "Solutions Engineer"],
  },
  {
    name: "Customer Success",
    teams: ["Support", "Customer Success"],
    titles: ["Support Engineer", "Customer Success Manager"],
  },
  { name: "People", teams: ["People Operations"], titles: ["People Partner", "Recruiter"] },
  { name: "Marketing", teams: ["Growth", "Brand"], titles: ["Growth Marketer", "Content Lead"] },
];

export type PlatformSpec = {
  name: string;
  accounts: string[];
  types: {
    type:
      | "SERVICE_ACCOUNT"
      | "API_KEY"
      | "OAUTH_APP"
      | "CICD_TOKEN"
      | "WORKLOAD_IDENTITY"
      | "BOT"
      | "SSH_KEY"
      | "CERTIFICATE";
    weight: number;
    pattern: string;
  }[];
  teams: string[];
};

// `{svc}` → a service name, `{env}` → prod/stg/dev, `{n}` → a number.
export const PLATFORMS: PlatformSpec[] = [
  {
    name: "AWS",
    accounts: [
      "payments-prod (4127-8830-1196)",
      "payments-staging (9921-0044-7312)",
      "data-prod (3380-1173-2205)",
      "shared-services (7701-5521-0098)",
    ],
    types: [
      { type: "SERVICE_ACCOUNT", weight: 4, pattern: "iam-role/{svc}-{env}-{n}" },
      { type: "API_KEY", weight: 3, pattern: "iam-user/{svc}-{env}-ci" },
      { type: "WORKLOAD_IDENTITY", weight: 2, pattern: "irsa/{svc}-{env}" },
    ],
    teams: ["Payments", "Cloud Infrastructure", "Data Platform", "SRE"],
  },
  {
    name: "GCP",
    accounts: ["nw-analytics-prod", "nw-ml-training", "nw-sandbox"],
    types: [
      { type: "SERVICE_ACCOUNT", weight: 4, pattern: "{svc}-{env}@nw-analytics.iam.gserviceaccount.com" },
      { type: "API_KEY", weight: 1, pattern: "apikey-{svc}-{n}" },
      { type: "WORKLOAD_IDENTITY", weight: 2, pattern: "wif/{svc}-{env}" },
    ],
    teams: ["Analytics", "Machine Learning", "Data Platform"],
  },
  {
    name: "GitHub",
    accounts: ["northwind-labs", "northwind-oss"],
    types: [
      { type: "CICD_TOKEN", weight: 4, pattern: "actions/{svc}-deploy-{env}" },
      { type: "OAUTH_APP", weight: 1, pattern: "oauth-app/{svc}-integration" },
      { type: "BOT", weight: 1, pattern: "bot/{svc}-bot" },
      { type: "SSH_KEY", weight: 2, pattern: "deploy-key/{svc}-{n}" },
    ],
    teams: ["Developer Experience", "Checkout", "Mobile", "Identity"],
  },
  {
    name: "Kubernetes",
    accounts: ["eks-prod-eu-west-1", "eks-prod-us-east-1", "gke-analytics"],
    types: [
      { type: "SERVICE_ACCOUNT", weight: 4, pattern: "system:serviceaccount:{svc}:{svc}-{env}" },
      { type: "CERTIFICATE", weight: 2, pattern: "mtls/{svc}.{env}.svc" },
      { type: "WORKLOAD_IDENTITY", weight: 1, pattern: "spiffe://northwind/{env}/{svc}" },
    ],
    teams: ["SRE", "Cloud Infrastructure", "Payments"],
  },
  {
    name: "Salesforce",
    accounts: ["northwind.my.salesforce.com"],
    types: [
      { type: "OAUTH_APP", weight: 3, pattern: "connected-app/{vendor}" },
      { type: "SERVICE_ACCOUNT", weight: 2, pattern: "integration-user/{svc}" },
      { type: "API_KEY", weight: 1, pattern: "api-token/{svc}-{n}" },
    ],
    teams: ["Sales Operations", "Customer Success"],
  },
  {
    name: "Slack",
    accounts: ["northwind.slack.com"],
    types: [
      { type: "BOT", weight: 3, pattern: "bot/{svc}-notifier" },
      { type: "OAUTH_APP", weight: 2, pattern: "app/{vendor}" },
      { type: "API_KEY", weight: 1, pattern: "incoming-webhook/{svc}-{n}" },
    ],
    teams: ["Support", "SRE", "Growth"],
  },
];

export const SERVICES = [
  "payments-api",
  "ledger",
  "checkout",
  "fraud-scoring",
  "invoice-worker",
  "billing-sync",
  "search",
  "notifications",
  "user-profile",
  "auth-gateway",
  "etl-nightly",
  "feature-store",
  "model-serving",
  "reporting",
  "warehouse-loader",
  "terraform",
  "argo-cd",
  "backup",
  "log-shipper",
  "metrics-agent",
  "crm-sync",
  "support-bot",
  "release-bot",
  "pricing",
];

export const VENDORS: { name: string; scopes: string[] }[] = [
  { name: "Zapier", scopes: ["read_all", "write_all"] },
  { name: "Datadog", scopes: ["metrics.read", "logs.read"] },
  { name: "Snowflake", scopes: ["data.read"] },
  { name: "PagerDuty", scopes: ["incidents.write", "users.read"] },
  { name: "Gong", scopes: ["calls.read", "users.read", "crm.read"] },
  { name: "Notion", scopes: ["pages.read", "pages.write"] },
  { name: "HubSpot", scopes: ["contacts.read", "contacts.write", "crm.objects.all"] },
];

export const AGENTS = [
  {
    name: "Support triage agent",
    model: "claude-sonnet-4.5",
    provider: "Anthropic",
    runtime: "LangGraph on EKS",
    tools: ["zendesk.read_ticket", "zendesk.add_note", "jira.search", "slack.post_message"],
  },
  {
    name: "Code review assistant",
    model: "gpt-5",
    provider: "OpenAI",
    runtime: "GitHub Actions",
    tools: ["github.read_pr", "github.comment", "sonar.read_findings"],
  },
  {
    name: "FinOps analyst",
    model: "claude-opus-4.1",
    provider: "Anthropic",
    runtime: "Bedrock AgentCore",
    tools: ["aws.cost_explorer.read", "snowflake.query", "slack.post_message"],
  },
  {
    name: "Incident copilot",
    model: "gemini-2.5-pro",
    provider: "Google",
    runtime: "MCP gateway",
    tools: ["pagerduty.read_incident", "datadog.query_logs", "k8s.describe_pod", "k8s.restart_deployment"],
  },
  {
    name: "Sales research agent",
    model: "gpt-5-mini",
    provider: "OpenAI",
    runtime: "OpenAI Agents SDK",
    tools: ["salesforce.read_account", "web.search", "gong.read_call"],
  },
  {
    name: "Access request helper",
    model: "claude-sonnet-4.5",
    provider: "Anthropic",
    runtime: "Triad MCP",
    tools: ["triad.request_access", "triad.explain_decision"],
  },
  {
    name: "Data quality monitor",
    model: "llama-4-maverick",
    provider: "Meta (self-hosted)",
    runtime: "Ray on GKE",
    tools: ["snowflake.query", "jira.create_issue"],
  },
  {
    name: "HR onboarding agent",
    model: "claude-haiku-4.5",
    provider: "Anthropic",
    runtime: "Workato",
    tools: ["workday.read_worker", "okta.assign_group", "slack.post_message"],
  },
];

export const RESOURCES: {
  name: string;
  kind: "APPLICATION" | "DATASET" | "API" | "TOOL" | "INFRASTRUCTURE";
  sensitivity: "PUBLIC" | "INTERNAL" | "CONFIDENTIAL" | "RESTRICTED";
  entitlements: [string, boolean][];
}[] = [
  {
    name: "AWS payments-prod",
    kind: "INFRASTRUCTURE",
    sensitivity: "RESTRICTED",
    entitlements: [
      ["ReadOnlyAccess", false],
      ["PowerUserAccess", true],
      ["AdministratorAccess", true],
    ],
  },
  {
    name: "AWS data-prod",
    kind: "INFRASTRUCTURE",
    sensitivity: "RESTRICTED",
    entitlements: [
      ["ReadOnlyAccess", false],
      ["DataEngineer", true],
      ["AdministratorAccess", true],
    ],
  },
  {
    name: "EKS prod clusters",
    kind: "INFRASTRUCTURE",
    sensitivity: "RESTRICTED",
    entitlements: [
      ["view", false],
      ["edit", true],
      ["cluster-admin", true],
    ],
  },
  {
    name: "GitHub northwind-labs",
    kind: "APPLICATION",
    sensitivity: "CONFIDENTIAL",
    entitlements: [
      ["member", false],
      ["maintainer", false],
      ["owner", true],
    ],
  },
  {
    name: "Salesforce",
    kind: "APPLICATION",
    sensitivity: "CONFIDENTIAL",
    entitlements: [
      ["Sales User", false],
      ["Sales Manager", false],
      ["System Administrator", true],
    ],
  },
  {
    name: "Workday",
    kind: "APPLICATION",
    sensitivity: "RESTRICTED",
    entitlements: [
      ["Employee Self-Service", false],
      ["HR Partner", true],
      ["Payroll Admin", true],
    ],
  },
  {
    name: "Snowflake analytics",
    kind: "DATASET",
    sensitivity: "CONFIDENTIAL",
    entitlements: [
      ["ANALYST", false],
      ["TRANSFORMER", false],
      ["ACCOUNTADMIN", true],
    ],
  },
  {
    name: "customer_pii",
    kind: "DATASET",
    sensitivity: "RESTRICTED",
    entitlements: [
      ["read", true],
      ["write", true],
    ],
  },
  {
    name: "billing_events",
    kind: "DATASET",
    sensitivity: "CONFIDENTIAL",
    entitlements: [
      ["read", false],
      ["write", true],
    ],
  },
  {
    name: "payments-api",
    kind: "API",
    sensitivity: "RESTRICTED",
    entitlements: [
      ["payments:read", false],
      ["payments:refund", true],
      ["payments:admin", true],
    ],
  },
  {
    name: "ledger-api",
    kind: "API",
    sensitivity: "RESTRICTED",
    entitlements: [
      ["ledger:read", false],
      ["ledger:post", true],
    ],
  },
  {
    name: "Datadog",
    kind: "APPLICATION",
    sensitivity: "INTERNAL",
    entitlements: [
      ["Read Only", false],
      ["Standard", false],
      ["Admin", true],
    ],
  },
  {
    name: "PagerDuty",
    kind: "APPLICATION",
    sensitivity: "INTERNAL",
    entitlements: [
      ["Responder", false],
      ["Manager", false],
      ["Account Owner", true],
    ],
  },
  {
    name: "Jira",
    kind: "APPLICATION",
    sensitivity: "INTERNAL",
    entitlements: [
      ["user", false],
      ["project-admin", false],
      ["site-admin", true],
    ],
  },
  {
    name: "Slack",
    kind: "APPLICATION",
    sensitivity: "INTERNAL",
    entitlements: [
      ["member", false],
      ["workspace-admin", true],
    ],
  },
  {
    name: "Zendesk",
    kind: "APPLICATION",
    sensitivity: "CONFIDENTIAL",
    entitlements: [
      ["agent", false],
      ["admin", true],
    ],
  },
  {
    name: "Okta",
    kind: "APPLICATION",
    sensitivity: "RESTRICTED",
    entitlements: [
      ["read-only-admin", false],
      ["group-admin", true],
      ["super-admin", true],
    ],
  },
  {
    name: "MCP tools",
    kind: "TOOL",
    sensitivity: "CONFIDENTIAL",
    entitlements: [
      ["zendesk.add_note", false],
      ["jira.create_issue", false],
      ["k8s.restart_deployment", true],
      ["okta.assign_group", true],
      ["slack.post_message", false],
      ["snowflake.query", false],
    ],
  },
];
