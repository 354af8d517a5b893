import { requirePageUser } from "@/lib/auth/session";
import { listImportJobs } from "@/lib/import/jobs";
import { columnsOf } from "@/lib/import/kinds";
import { AWS_REQUIRED } from "@/lib/import/aws";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/components/ui/time";
import { ImportForm } from "./import-form";

export const metadata = { title: "Import" };

export default async function ImportPage() {
  await requirePageUser("inventory:import");
  const jobs = await listImportJobs(15);
  const formats = {
    humans: columnsOf("humans"),
    nhis: columnsOf("nhis"),
    agents: columnsOf("agents"),
    grants: columnsOf("grants"),
    "aws-credential-report": { required: AWS_REQUIRED, optional: [] as string[] },
  };
  return (
    <>
      <PageHeader
        title="Import"
        description="Load humans, NHIs, agents and grants from CSV, or NHIs from an AWS IAM credential report. Every row is checked before anything is written; the import is all or nothing, and re-importing the same file changes nothing."
      />
      <ImportForm formats={formats} />
      <Card className="mt-6">
        <CardHeader>
          <CardTitle>Recent imports</CardTitle>
          <CardDescription>Previews and runs, newest first.</CardDescription>
        </CardHeader>
        <CardContent>
          {jobs.length ? (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>File</TableHead>
                  <TableHead>Kind</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead className="text-right">Rows</TableHead>
                  <TableHead>By</TableHead>
                  <TableHead>When</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {jobs.map((j) => (
                  <TableRow key={j.id}>
                    <TableCell className="font-medium">{j.filename}</TableCell>
                    <TableCell>{j.kind}</TableCell>
                    <TableCell>
                      <StatusBadge status={j.status} />
                    </TableCell>
                    <TableCell className="text-right tabular-nums">
                      {j.totalRows.toLocaleString("en-US")}
                    </TableCell>
                    <TableCell>{j.createdBy?.name ?? "—"}</TableCell>
                    <TableCell>{formatDateTime(j.createdAt)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : (
            <p className="text-sm text-zinc-500">
              No imports yet. Sample files are in the repository&apos;s samples/ folder.
            </p>
          )}
        </CardContent>
      </Card>
    </>
  );
}
