import { diffLines } from "diff";

const CONTEXT = 3;
type Line = { kind: "add" | "del" | "same" | "gap"; text: string };

// Line diff between two versions' text (server component); long unchanged runs are folded.
function toLines(from: string, to: string): Line[] {
  const out: Line[] = [];
  const parts = diffLines(from, to);
  parts.forEach((p, i) => {
    const lines = p.value.replace(/\n$/, "").split("\n");
    if (p.added || p.removed) {
      for (const text of lines) out.push({ kind: p.added ? "add" : "del", text });
      return;
    }
    const head = i === 0 ? 0 : CONTEXT;
    const tail = i === parts.length - 1 ? 0 : CONTEXT;
    if (lines.length <= head + tail + 1) {
      for (const text of lines) out.push({ kind: "same", text });
      return;
    }
    for (const text of lines.slice(0, head)) out.push({ kind: "same", text });
    out.push({ kind: "gap", text: `… ${lines.length - head - tail} unchanged lines …` });
    for (const text of lines.slice(lines.length - tail)) out.push({ kind: "same", text });
  });
  return out;
}

const STYLE = {
  add: "bg-emerald-50 text-emerald-900",
  del: "bg-red-50 text-red-900",
  same: "text-zinc-600",
  gap: "bg-zinc-50 text-zinc-500 italic",
} as const;
const MARK = { add: "+", del: "−", same: " ", gap: " " } as const;

export function VersionDiff({
  from,
  to,
  fromLabel,
  toLabel,
}: {
  from: string;
  to: string;
  fromLabel: string;
  toLabel: string;
}) {
  const lines = toLines(from, to);
  const changed = lines.some((l) => l.kind === "add" || l.kind === "del");
  return (
    <div className="overflow-hidden rounded-lg border border-zinc-200">
      <div className="border-b border-zinc-200 bg-zinc-50 px-3 py-1.5 text-xs text-zinc-600">
        <span className="text-red-700">− {fromLabel}</span> ·{" "}
        <span className="text-emerald-700">+ {toLabel}</span>
      </div>
      {changed ? (
        <pre className="max-h-[60vh] overflow-auto text-xs leading-5" data-testid="version-diff">
          {lines.map((l, i) => (
            <div key={i} className={STYLE[l.kind]}>
              <span className="inline-block w-5 text-center select-none">{MARK[l.kind]}</span>
              {l.text}
            </div>
          ))}
        </pre>
      ) : (
        <p className="p-3 text-sm text-zinc-500">The two versions are identical.</p>
      )}
    </div>
  );
}
