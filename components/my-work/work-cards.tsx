import { Suspense } from "react";
import type { SessionUser } from "@/lib/auth/session";
import { cardsFor, WORK_CARDS } from "@/lib/my-work/cards";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { WorkCard, WorkCardSkeleton } from "./work-card";

async function LoadedCard({ id, user, now }: { id: string; user: SessionUser; now: Date }) {
  const def = WORK_CARDS.find((c) => c.id === id)!;
  // One failing query must not blank the page: this card says so, the others still load.
  const data = await def.load(user, now).catch((error: unknown) => {
    console.error(`[triad] my-work card ${id} failed`, error);
    return null;
  });
  if (!data) {
    return (
      <Card role="region" aria-label={def.title}>
        <CardHeader>
          <CardTitle>{def.title}</CardTitle>
        </CardHeader>
        <CardContent>
          <p className="text-sm text-red-700">This card could not be loaded. Reload the page to try again.</p>
        </CardContent>
      </Card>
    );
  }
  return <WorkCard title={def.title} empty={def.empty} data={data} />;
}

/** The cards of every role the user holds, each streamed on its own with its own skeleton. */
export function WorkCards({ user }: { user: SessionUser }) {
  const now = new Date();
  const cards = cardsFor(user);
  if (cards.length === 0) return null;
  return (
    <section aria-label="My work" className="mb-8 grid gap-4 md:grid-cols-2 xl:grid-cols-3">
      {cards.map((c) => (
        <Suspense key={c.id} fallback={<WorkCardSkeleton title={c.title} />}>
          <LoadedCard id={c.id} user={user} now={now} />
        </Suspense>
      ))}
    </section>
  );
}
