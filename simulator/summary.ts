/** The Simulation summary of /work/shared/contracts/README.md. */
export type SeriesRow = { t: number; [metric: string]: number };

export type SimulationSummary = {
  scenario: string;
  seed: number;
  simulatedSeconds: number;
  events: number;
  wallMs: number;
  placements: { requested: number; placed: number; rejected: number; blockingProbability: number };
  /**
   * Extension: per churn stream with `whenFull: "wait"`, its queue. `waitedShare`: arrivals that
   * found no room and waited, over all arrivals; `meanWaitSeconds` and `maxWaitSeconds` over the
   * requests admitted (zero for those placed at once; those still waiting at the end are left out);
   * `abandoned` gave up (also in placements.rejected); `waitingAtEnd` are neither placed nor rejected.
   */
  queues?: { id: string; arrivals: number; waited: number; waitedShare: number; meanWaitSeconds: number; maxWaitSeconds: number;
             abandoned: number; waitingPeak: number; waitingAtEnd: number }[];
  services: { id: string; offeredRequests: number; servedRequests: number; droppedRequests: number;
              overloadSeconds: number; peakInstances: number }[];
  utilization: { peak: Record<string, number>; mean: Record<string, number> };
  hostsUsedPeak: number;
  series?: SeriesRow[];
};

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const int = (x: number) => x.toLocaleString("en-US");

function duration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  return [d ? `${d}d` : "", h ? `${h}h` : "", m ? `${m}m` : "", s || seconds === 0 ? `${s}s` : ""].filter(Boolean).join(" ");
}

/** The summary for people (the CLI without --json). */
export function formatSummary(s: SimulationSummary): string {
  const lines: string[] = [];
  lines.push(`scenario ${s.scenario} (seed ${s.seed}): ${duration(s.simulatedSeconds)} simulated, ${int(s.events)} events in ${int(Math.round(s.wallMs))} ms`);
  const p = s.placements;
  lines.push(`placements: ${int(p.requested)} requested, ${int(p.placed)} placed, ${int(p.rejected)} rejected (blocking ${pct(p.blockingProbability)})`);
  for (const q of s.queues ?? []) {
    lines.push(`queue ${q.id}: ${int(q.waited)} of ${int(q.arrivals)} arrivals waited (${pct(q.waitedShare)}), mean wait ${q.meanWaitSeconds.toFixed(1)} s, `
      + `longest ${duration(q.maxWaitSeconds)}; ${int(q.abandoned)} gave up; at most ${int(q.waitingPeak)} waiting, ${int(q.waitingAtEnd)} at the end`);
  }
  lines.push(`hosts in use at peak: ${int(s.hostsUsedPeak)}`);
  const classes = Object.keys(s.utilization.mean);
  if (classes.length > 0) {
    lines.push("utilization over all hosts:");
    const w = Math.max(...classes.map((c) => c.length));
    for (const c of classes) lines.push(`  ${c.padEnd(w)}  mean ${pct(s.utilization.mean[c]!).padStart(6)}  peak ${pct(s.utilization.peak[c]!).padStart(6)}`);
  }
  if (s.services.length > 0) {
    lines.push("services:");
    const w = Math.max(...s.services.map((x) => x.id.length));
    for (const x of s.services) {
      const dropShare = x.offeredRequests > 0 ? x.droppedRequests / x.offeredRequests : 0;
      lines.push(`  ${x.id.padEnd(w)}  offered ${int(x.offeredRequests)}, served ${int(x.servedRequests)}, dropped ${int(x.droppedRequests)} (${pct(dropShare)}); overloaded ${duration(x.overloadSeconds)}; peak ${int(x.peakInstances)} instances`);
    }
  }
  if (s.series) lines.push(`series: ${s.series.length} rows (use --json to get them)`);
  return lines.join("\n");
}
