import { ShieldCheck } from "lucide-react";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-zinc-50 px-4 py-12">
      <div className="w-full max-w-md">
        <div className="mb-8 flex items-center justify-center gap-2 text-zinc-900">
          <ShieldCheck className="size-8 text-indigo-600" aria-hidden />
          <span className="text-2xl font-semibold tracking-tight">Triad</span>
        </div>
        <div className="rounded-xl border border-zinc-200 bg-white p-8 shadow-sm">{children}</div>
        <p className="mt-6 text-center text-xs text-zinc-500">
          Identity governance for humans, non-human identities and AI agents.
        </p>
      </div>
    </main>
  );
}
