import { diffLines } from "diff";

// Line diff between two versions' text (server component).
export function VersionDiff({ from, to, fromLabel, toLabel }: { from: string; to: string; fromLabel: string; toLabel: string }) {
  const parts = diffLines(from, to);
  const changed = parts.some((p) => p.added || p.removed);
  return (
    <div className="overflow-hidden rounded-lg border border-zinc-200">
      <div className="border-b border-zinc-200 bg-zinc-50 px-3 py-1.5 text-xs text-zinc-600">
        <span className="text-red-700">− {fromLabel}</span> · <span className="text-emerald-700">+ {toLabel}</span>
      </div>
      {changed ? (
        <pre className="max-h-[60vh] overflow-auto text-xs leading-5" data-testid="version-diff">
          {parts.map((p, i) =>
            p.value
              .replace(/\n$/, "")
              .split("\n")
              .map((line, j) => (
                <div key={`${i}-${j}`} className={p.added ? "bg-emerald-50 text-emerald-900" : p.removed ? "bg-red-50 text-red-900" : "text-zinc-600"}>
                  <span className="inline-block w-5 select-none text-center">{p.added ? "+" : p.removed ? "−" : " "}</span>
                  {line}
                </div>
              )),
          )}
        </pre>
      ) : (
        <p className="p-3 text-sm text-zinc-500">The two versions are identical.</p>
      )}
    </div>
  );
}
