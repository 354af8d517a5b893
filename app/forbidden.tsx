import { ShieldX } from "lucide-react";
import { ButtonLink } from "@/components/ui/button";

export const metadata = { title: "No access" };

export default function Forbidden() {
  return (
    <div className="flex min-h-[70dvh] items-center justify-center px-4 py-16">
      <div className="max-w-md text-center">
        <div className="mx-auto mb-4 flex size-12 items-center justify-center rounded-full bg-amber-50 text-amber-600">
          <ShieldX className="size-6" aria-hidden />
        </div>
        <p className="text-sm font-semibold text-amber-700">403</p>
        <h1 className="mt-1 text-xl font-semibold text-zinc-900">You don&apos;t have access to this page</h1>
        <p className="mt-2 text-sm text-zinc-600">
          Your roles do not include this part of Triad. Ask a security admin if you need it.
        </p>
        <ButtonLink href="/" variant="primary" className="mt-6">
          Back to the dashboard
        </ButtonLink>
      </div>
    </div>
  );
}
