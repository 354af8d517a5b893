import { FileQuestion } from "lucide-react";
import { ButtonLink } from "@/components/ui/button";

export const metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <div className="flex min-h-[70dvh] items-center justify-center px-4 py-16">
      <div className="max-w-md text-center">
        <div className="mx-auto mb-4 flex size-12 items-center justify-center rounded-full bg-zinc-100 text-zinc-500">
          <FileQuestion className="size-6" aria-hidden />
        </div>
        <p className="text-sm font-semibold text-indigo-600">404</p>
        <h1 className="mt-1 text-xl font-semibold text-zinc-900">Page not found</h1>
        <p className="mt-2 text-sm text-zinc-600">
          There is nothing at this address. It may have been moved, or the record no longer exists.
        </p>
        <ButtonLink href="/" variant="primary" className="mt-6">
          Back to the dashboard
        </ButtonLink>
      </div>
    </div>
  );
}
