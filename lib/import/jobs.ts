import { isStorableText } from "@/lib/db/storable";
import { db } from "@/lib/db";
import { Invalid, NotFound } from "@/lib/errors";
import type { LedgerActor } from "@/lib/ledger/append";
import { ImportFileError, type RowError } from "./csv";
import { commitImport, type ImportSummary } from "./commit";
import type { ImportKind } from "./kinds";
import {
  mayChangeEntitlementSettings,
  settingsColumnsRefused,
  settingsColumnsUsed,
} from "./settings-columns";
import { MAX_REPORTED_ERRORS, validateImport, type ParsedImport, type Validation } from "./validate";

// An import is two calls with the same file: preview (validate everything, write nothing but the
// job record) and run (validate again, then one all-or-nothing transaction with progress).
export type ImportPreview = {
  jobId: string;
  kind: ImportKind;
  total: number;
  valid: boolean;
  fileErrors: string[];
  errors: RowError[];
  errorCount: number;
  sample: Record<string, unknown>[];
};

function sampleOf(parsed: ParsedImport | null): Record<string, unknown>[] {
  if (!parsed) return [];
  return (parsed.rows as unknown as Record<string, unknown>[])
    .slice(0, 10)
    .map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [
          k,
          v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join(" ") : v,
        ]),
      ),
    );
}

/**
 * The file checked as `users` would import it: a grants file that sets entitlement request
 * settings needs each of them to hold inventory:write (see settings-columns.ts).
 */
async function validated(
  kind: ImportKind,
  bytes: Uint8Array,
  users: readonly (string | null)[],
): Promise<Validation> {
  let v: Validation;
  try {
    v = await validateImport(kind, bytes);
  } catch (e) {
    if (e instanceof ImportFileError) return { total: 0, errors: [], fileErrors: [e.message], parsed: null };
    throw e;
  }
  if (v.parsed?.kind !== "grants") return v;
  const used = settingsColumnsUsed(v.parsed.rows);
  if (used.length && !(await mayChangeEntitlementSettings(users)))
    return { ...v, fileErrors: [...v.fileErrors, settingsColumnsRefused(used)] };
  return v;
}

export async function previewImport(
  kind: ImportKind,
  filename: string,
  bytes: Uint8Array,
  userId: string | null,
): Promise<ImportPreview> {
  // The file's name is stored with the job.
  if (!isStorableText(filename)) throw new Invalid("filename: holds a NUL character or broken text");
  const v = await validated(kind, bytes, [userId]);
  const valid = v.fileErrors.length === 0 && v.errors.length === 0;
  const job = await db.importJob.create({
    data: {
      kind,
      filename: filename.slice(0, 200),
      status: valid ? "PREVIEWED" : "FAILED",
      totalRows: v.total,
      errors: [
        ...v.fileErrors.map((message) => ({ row: 0, message })),
        ...v.errors.slice(0, MAX_REPORTED_ERRORS),
      ],
      createdById: userId,
      finishedAt: valid ? null : new Date(),
    },
    select: { id: true },
  });
  return {
    jobId: job.id,
    kind,
    total: v.total,
    valid,
    fileErrors: v.fileErrors,
    errors: v.errors.slice(0, MAX_REPORTED_ERRORS),
    errorCount: v.errors.length,
    sample: sampleOf(v.parsed),
  };
}

export async function runImport(
  jobId: string,
  kind: ImportKind,
  bytes: Uint8Array,
  by: LedgerActor,
): Promise<ImportSummary> {
  const job = await db.importJob.findUnique({
    where: { id: jobId },
    select: { id: true, kind: true, status: true, createdById: true },
  });
  if (!job) throw new NotFound("That import does not exist. Preview the file again.");
  if (job.kind !== kind) throw new Invalid("This file was previewed as a different kind of import.");
  if (job.status !== "PREVIEWED")
    throw new Invalid(`This import is ${job.status.toLowerCase()}; preview the file again to import it.`);
  // Checked again now, for the file sent now: the one who started the import and, when a person
  // runs it, that person too (a job id must not lend its starter's permissions to someone else).
  const v = await validated(kind, bytes, [job.createdById, ...(by.kind === "USER" ? [by.id] : [])]);
  if (v.fileErrors.length || v.errors.length || !v.parsed) {
    await db.importJob.update({
      where: { id: jobId },
      data: {
        status: "FAILED",
        finishedAt: new Date(),
        errors: [
          ...v.fileErrors.map((message) => ({ row: 0, message })),
          ...v.errors.slice(0, MAX_REPORTED_ERRORS),
        ],
      },
    });
    throw new Invalid(
      `The file has ${v.fileErrors.length + v.errors.length} problem(s); nothing was imported.`,
    );
  }
  const claimed = await db.importJob.updateMany({
    where: { id: jobId, status: "PREVIEWED" },
    data: { status: "RUNNING", totalRows: v.total, processedRows: 0 },
  });
  if (claimed.count !== 1) throw new Invalid("This import is already running.");
  try {
    const summary = await commitImport(v.parsed, by, jobId, async (processed) => {
      await db.importJob.update({ where: { id: jobId }, data: { processedRows: processed } });
    });
    await db.importJob.update({
      where: { id: jobId },
      data: { status: "SUCCEEDED", processedRows: v.total, finishedAt: new Date() },
    });
    return summary;
  } catch (e) {
    await db.importJob.update({
      where: { id: jobId },
      data: {
        status: "FAILED",
        processedRows: 0,
        finishedAt: new Date(),
        errors: [
          {
            row: 0,
            message:
              e instanceof Invalid
                ? e.message
                : "The import failed and was rolled back; nothing was written.",
          },
        ],
      },
    });
    throw e;
  }
}

export async function getImportJob(id: string) {
  const job = await db.importJob.findUnique({
    where: { id },
    select: {
      id: true,
      kind: true,
      filename: true,
      status: true,
      totalRows: true,
      processedRows: true,
      errors: true,
      createdAt: true,
      finishedAt: true,
    },
  });
  if (!job) throw new NotFound("No such import.");
  return job;
}

export async function listImportJobs(take = 20) {
  return db.importJob.findMany({
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      kind: true,
      filename: true,
      status: true,
      totalRows: true,
      processedRows: true,
      createdAt: true,
      finishedAt: true,
      createdBy: { select: { name: true } },
    },
  });
}
