"use client";

import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { FileUp } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Select } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

type Kind = "humans" | "nhis" | "agents" | "grants" | "aws-credential-report";
type RowError = { row: number; column?: string; message: string };
type Preview = {
  jobId: string;
  kind: Kind;
  total: number;
  valid: boolean;
  fileErrors: string[];
  errors: RowError[];
  errorCount: number;
  sample: Record<string, unknown>[];
};
type Summary = { total: number; created: number; updated: number; unchanged: number };

const KINDS: { value: Kind; label: string }[] = [
  { value: "humans", label: "Humans (people)" },
  { value: "nhis", label: "Non-human identities" },
  { value: "agents", label: "AI agents" },
  { value: "grants", label: "Grants (who holds which entitlement)" },
  { value: "aws-credential-report", label: "AWS IAM credential report" },
];
const MAX = 50 * 1024 * 1024;

async function readError(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { message?: string };
    return body.message ?? `The server answered ${res.status}.`;
  } catch {
    return `The server answered ${res.status}.`;
  }
}

export function ImportForm({
  formats,
}: {
  formats: Record<Kind, { required: readonly string[]; optional: readonly string[] }>;
}) {
  const [kind, setKind] = useState<Kind>("nhis");
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"preview" | "import" | null>(null);
  const [progress, setProgress] = useState<{ processed: number; total: number } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const router = useRouter();

  const reset = () => {
    setPreview(null);
    setSummary(null);
    setError(null);
    setProgress(null);
  };

  async function doPreview() {
    reset();
    if (!file) return setError("Choose a CSV file first.");
    if (file.size > MAX)
      return setError(
        `The file is ${(file.size / 1048576).toFixed(1)} MB; the limit is 50 MB. Split it into smaller files.`,
      );
    setBusy("preview");
    try {
      const res = await fetch(
        `/api/inventory/import?kind=${kind}&mode=preview&filename=${encodeURIComponent(file.name)}`,
        { method: "POST", body: file },
      );
      if (!res.ok) return setError(await readError(res));
      setPreview((await res.json()) as Preview);
      router.refresh();
    } catch {
      setError("The upload failed. Check your connection and try again.");
    } finally {
      setBusy(null);
    }
  }

  async function doImport() {
    if (!file || !preview) return;
    setBusy("import");
    setError(null);
    setProgress({ processed: 0, total: preview.total });
    const poll = setInterval(async () => {
      const res = await fetch(`/api/inventory/import/${preview.jobId}`, { cache: "no-store" }).catch(
        () => null,
      );
      if (res?.ok) {
        const job = (await res.json()) as { processedRows: number; totalRows: number };
        setProgress({ processed: job.processedRows, total: job.totalRows || preview.total });
      }
    }, 500);
    try {
      const res = await fetch(
        `/api/inventory/import?kind=${kind}&mode=commit&job=${preview.jobId}&filename=${encodeURIComponent(file.name)}`,
        { method: "POST", body: file },
      );
      if (!res.ok) return setError(`${await readError(res)} Nothing was written.`);
      setSummary((await res.json()) as Summary);
      setProgress({ processed: preview.total, total: preview.total });
      setPreview(null);
      router.refresh();
    } catch {
      setError("The import was interrupted. It runs in one transaction, so nothing was written; try again.");
    } finally {
      clearInterval(poll);
      setBusy(null);
    }
  }

  const cols = formats[kind];
  const pct = progress && progress.total ? Math.round((100 * progress.processed) / progress.total) : 0;

  return (
    <Card>
      <CardHeader>
        <CardTitle>Upload a file</CardTitle>
        <CardDescription>
          Columns: <strong>{cols.required.join(", ")}</strong>
          {cols.optional.length ? (
            <> (required), and optionally {cols.optional.join(", ")}.</>
          ) : (
            " (required)."
          )}{" "}
          Dates as YYYY-MM-DD or ISO 8601; lists separated by spaces or semicolons.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField label="What does the file contain?" htmlFor="import-kind">
            <Select
              id="import-kind"
              name="kind"
              value={kind}
              options={KINDS}
              onChange={(e) => {
                setKind(e.target.value as Kind);
                reset();
              }}
            />
          </FormField>
          <FormField label="CSV file (UTF-8, up to 50 MB)" htmlFor="import-file">
            <input
              ref={input}
              id="import-file"
              name="file"
              type="file"
              accept=".csv,text/csv"
              className="block w-full text-sm text-zinc-700 file:mr-3 file:rounded-md file:border-0 file:bg-zinc-100 file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-zinc-200"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                reset();
              }}
            />
          </FormField>
        </div>
        {error ? (
          <Alert tone="danger" title="Import not possible">
            {error}
          </Alert>
        ) : null}
        {preview && !preview.valid ? (
          <Alert
            tone="danger"
            title={`Nothing was written: ${preview.fileErrors.length ? "the file's columns are wrong" : `${preview.errorCount.toLocaleString("en-US")} problem(s) in ${preview.total.toLocaleString("en-US")} rows`}`}
          >
            {preview.fileErrors.length ? (
              <ul className="list-disc pl-4">
                {preview.fileErrors.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            ) : (
              "Fix these rows and preview the file again."
            )}
          </Alert>
        ) : null}
        {preview && preview.errors.length ? (
          <div className="max-h-96 overflow-auto rounded-md border border-red-200">
            <Table aria-label="Row errors">
              <TableHeader>
                <TableRow>
                  <TableHead className="w-20">Row</TableHead>
                  <TableHead className="w-48">Column</TableHead>
                  <TableHead>Problem</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {preview.errors.map((e, i) => (
                  <TableRow key={i}>
                    <TableCell className="tabular-nums">Row {e.row}</TableCell>
                    <TableCell className="font-mono text-xs">{e.column || "—"}</TableCell>
                    <TableCell>{e.message}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {preview.errorCount > preview.errors.length ? (
              <p className="p-2 text-xs text-zinc-500">
                …and {preview.errorCount - preview.errors.length} more.
              </p>
            ) : null}
          </div>
        ) : null}
        {preview && preview.valid ? (
          <Alert tone="success" title={`${preview.total.toLocaleString("en-US")} rows are valid`}>
            Nothing has been written yet. Existing actors are matched by source system and external id, so
            re-importing changes only what differs.
          </Alert>
        ) : null}
        {preview && preview.valid && preview.sample.length ? (
          <div className="overflow-auto rounded-md border border-zinc-200">
            <Table aria-label="First rows">
              <TableHeader>
                <TableRow>
                  {Object.keys(preview.sample[0])
                    .filter((k) => k !== "line")
                    .map((k) => (
                      <TableHead key={k} className="font-mono text-xs">
                        {k}
                      </TableHead>
                    ))}
                </TableRow>
              </TableHeader>
              <TableBody>
                {preview.sample.map((r, i) => (
                  <TableRow key={i}>
                    {Object.entries(r)
                      .filter(([k]) => k !== "line")
                      .map(([k, v]) => (
                        <TableCell key={k} className="text-xs whitespace-nowrap">
                          {v === null || v === "" ? "—" : String(v)}
                        </TableCell>
                      ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        ) : null}
        {progress && (busy === "import" || summary) ? (
          <div>
            <div className="mb-1 flex justify-between text-xs text-zinc-600">
              <span>{busy === "import" ? "Importing in one transaction…" : "Done"}</span>
              <span className="tabular-nums">
                {progress.processed.toLocaleString("en-US")} / {progress.total.toLocaleString("en-US")}
              </span>
            </div>
            <div
              className="h-2 overflow-hidden rounded-full bg-zinc-100"
              role="progressbar"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={pct}
              aria-label="Import progress"
            >
              <div className="h-full bg-indigo-600 transition-all" style={{ width: `${pct}%` }} />
            </div>
          </div>
        ) : null}
        {summary ? (
          <Alert tone="success" title="Import complete">
            <span>
              {summary.created.toLocaleString("en-US")} created, {summary.updated.toLocaleString("en-US")}{" "}
              updated, {summary.unchanged.toLocaleString("en-US")} unchanged of{" "}
              {summary.total.toLocaleString("en-US")} rows.
            </span>
          </Alert>
        ) : null}
      </CardContent>
      <CardFooter className="flex gap-2">
        <Button
          variant="outline"
          onClick={doPreview}
          loading={busy === "preview"}
          disabled={!file || busy !== null}
        >
          <FileUp aria-hidden /> Check file
        </Button>
        <Button onClick={doImport} loading={busy === "import"} disabled={!preview?.valid || busy !== null}>
          Import {preview?.valid ? `${preview.total.toLocaleString("en-US")} rows` : ""}
        </Button>
      </CardFooter>
    </Card>
  );
}
