// CPU microseconds per phase of one decision on the lean server's path, without its I/O (the
// HTTP socket, the subject query, the group commit's statement): what `npm run bench:decisions`
// prints as DECISION_PHASES_CPU_US. Runs in the bench's server process flags (BENCH_NODE_FLAGS).
import { evaluationSchema, type Evaluation } from "../../lib/decisions/schemas";
import { parseJsonText } from "../../lib/http/body";
import { getActivePolicySet } from "../../lib/policy/active";
import { decide, type CedarCall, type Outcome } from "../../lib/enforcement/decide";
import { decisionEvent } from "../../lib/decisions/record";
import { decisionDraft, decisionSides } from "../../lib/decisions/projection";
import { prepareEvents } from "../../lib/ledger/append";
import { Params } from "../../lib/ledger/append-raw";

// The entries' links (seq, prevHash, SHA-256) are made by the database (triad_ledger_link).
const PHASES = ["parse", "decide", "record", "canonical", "sides"] as const;
type Phase = (typeof PHASES)[number];

export async function decisionPhases(bodies: string[], rounds = 20_000, batch = 64): Promise<string> {
  const set = await getActivePolicySet();
  const caller = { id: "bench", name: "bench" };
  const spent: Record<Phase, number> = { parse: 0, decide: 0, record: 0, canonical: 0, sides: 0 };
  const cpu = () => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };
  // Warm the subject cache and the JIT first; then time `rounds` decisions in batches as the group commit forms them.
  for (let pass = 0; pass < 2; pass++) {
    const measure = pass === 1;
    let done = 0;
    while (done < (measure ? rounds : Math.min(rounds, 4_000))) {
      const n = Math.min(batch, rounds - done);
      let t = cpu();
      const lap = (phase: Phase) => {
        const now = cpu();
        if (measure) spent[phase] += now - t;
        t = now;
      };
      const reqs: Evaluation[] = [];
      for (let i = 0; i < n; i++)
        reqs.push(evaluationSchema.parse(parseJsonText(bodies[(done + i) % bodies.length], { maxDepth: 8 })));
      lap("parse");
      const outcomes: Outcome[] = [];
      const captures: CedarCall[][] = [];
      for (const req of reqs) {
        const capture: CedarCall[] = [];
        outcomes.push(await decide(req, { set, capture }));
        captures.push(capture);
      }
      t = cpu(); // the awaits above may have run other work; decide's own CPU is measured below
      const items = reqs.map((req, i) => ({
        event: decisionEvent(caller, req, outcomes[i], set),
        decision: decisionDraft(caller, req, outcomes[i], captures[i], null),
      }));
      lap("record");
      prepareEvents(items.map((i) => i.event));
      lap("canonical");
      decisionSides(
        items.map((i) => i.decision),
        new Map(),
      )(new Params(), { seqOf: (i) => i, at: "now()" });
      lap("sides");
      done += n;
    }
  }
  // decide() alone, with every subject and resource already cached (its loads are then synchronous work).
  const reqs = bodies.slice(0, 2000).map((b) => evaluationSchema.parse(JSON.parse(b)));
  const t0 = cpu();
  for (let i = 0; i < rounds; i++) await decide(reqs[i % reqs.length], { set, capture: [] });
  spent.decide = cpu() - t0;
  const per = (us: number) => (us / rounds).toFixed(1);
  const total = PHASES.reduce((s, p) => s + spent[p], 0);
  return `DECISION_PHASES_CPU_US ${PHASES.map((p) => `${p}=${per(spent[p])}`).join(" ")} total=${per(total)} (no I/O; ${rounds} decisions)`;
}
