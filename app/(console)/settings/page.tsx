import Link from "next/link";
import { KeyRound, ListChecks, Upload, Users, Webhook, PlugZap } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

const SECTIONS = [
  {
    href: "/settings/api-clients",
    icon: PlugZap,
    title: "API clients",
    text: "Policy enforcement points and agent runtimes that call the decision API. Secrets are shown once.",
  },
  {
    href: "/settings/scim",
    icon: Users,
    title: "SCIM provisioning",
    text: "Bearer tokens for your identity provider (Okta, Entra ID, Keycloak) to keep people in sync.",
  },
  {
    href: "/settings/import",
    icon: Upload,
    title: "Import",
    text: "CSV files of humans, NHIs, agents and grants, and AWS IAM credential reports.",
  },
  {
    href: "/settings/webhooks",
    icon: Webhook,
    title: "Webhooks",
    text: "Signed notifications of rotation reminders and ownership changes for Slack, Teams or ticketing.",
  },
  {
    href: "/settings/jobs",
    icon: ListChecks,
    title: "Jobs",
    text: "Background work on the job queue: pending, running and failed jobs, with retry.",
  },
  {
    href: "/settings/users",
    icon: KeyRound,
    title: "Console users",
    text: "Who can sign in to Triad, their roles, lockouts and two-factor status.",
  },
];

export default async function SettingsPage() {
  await requirePageUser("settings:manage");
  return (
    <>
      <PageHeader title="Settings" description="Connections, credentials and who may use the console." />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {SECTIONS.map(({ href, icon: Icon, title, text }) => (
          <Link
            key={href}
            href={href}
            className="group rounded-xl focus:ring-2 focus:ring-indigo-500 focus:outline-none"
          >
            <Card className="h-full transition group-hover:border-indigo-300 group-hover:shadow-md">
              <CardHeader>
                <Icon className="mb-2 size-5 text-indigo-600" aria-hidden />
                <CardTitle>{title}</CardTitle>
                <CardDescription>{text}</CardDescription>
              </CardHeader>
            </Card>
          </Link>
        ))}
      </div>
    </>
  );
}
