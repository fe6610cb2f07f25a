/** The Simulation summary of /work/shared/contracts/README.md. */
export type SeriesRow = { t: number; [metric: string]: number };

export type SimulationSummary = {
  scenario: string;
  seed: number;
  simulatedSeconds: number;
  events: number;
  wallMs: number;
  placements: { requested: number; placed: number; rejected: number; blockingProbability: number };
  /** Extension: the simulated second of the first rejected placement (left out when none was rejected): when capacity first ran out. */
  firstRejectionSeconds?: number;
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
  /** Extension: the same over the shared providers of each kind (storage backends, networks) that have capacity of a class. */
  sharedUtilization?: Partial<Record<"storage" | "network", { peak: Record<string, number>; mean: Record<string, number> }>>;
  hostsUsedPeak: number;
  series?: SeriesRow[];
  /** Extension: present when the scenario (or `--replications`) asks for Monte-Carlo replications. */
  replications?: ReplicationSummary;
};

/**
 * One metric over the replications: sample mean, sample standard deviation (n - 1), and the
 * Student's t interval mean ± t(1 - (1 - confidence) / 2, n - 1) x sd / sqrt(n), not clipped to
 * the metric's range.
 */
export type Estimate = { mean: number; sd: number; halfWidth: number; low: number; high: number };

/** Extension: the key metrics over `runs` replications; run i used seed `seeds[i]` = first seed + i. */
export type ReplicationSummary = {
  runs: number;
  confidence: number;
  seeds: number[];
  /** The t quantile the intervals use, with runs - 1 degrees of freedom. */
  t: number;
  /** Wall time of all the runs together (the top-level wallMs is the first run's). */
  wallMs: number;
  placements: { blockingProbability: Estimate; rejected: Estimate };
  hostsUsedPeak: Estimate;
  /** droppedShare: droppedRequests / offeredRequests of each run (0 when nothing was offered). */
  services: { id: string; droppedShare: Estimate; droppedRequests: Estimate; overloadSeconds: Estimate; peakInstances: Estimate }[];
  utilization: { peak: Record<string, Estimate>; mean: Record<string, Estimate> };
  /** Present when the runs have queues (churn with whenFull: "wait"). */
  queues?: { id: string; waitedShare: Estimate; meanWaitSeconds: Estimate; abandoned: Estimate }[];
  /** Present when the runs have shared providers with capacity. */
  sharedUtilization?: Partial<Record<"storage" | "network", { peak: Record<string, Estimate>; mean: Record<string, Estimate> }>>;
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

/** A simulated second as day and time of day: "20:31:07", or "day 2 04:00:00" past the first day. */
function clockTime(seconds: number): string {
  const day = Math.floor(seconds / 86400);
  const t = new Date(Math.round(seconds % 86400) * 1000).toISOString().slice(11, 19);
  return day > 0 ? `day ${day + 1} ${t}` : t;
}

/** The summary for people (the CLI without --json). */
export function formatSummary(s: SimulationSummary): string {
  const lines: string[] = [];
  lines.push(`scenario ${s.scenario} (seed ${s.seed}): ${duration(s.simulatedSeconds)} simulated, ${int(s.events)} events in ${int(Math.round(s.wallMs))} ms`);
  const p = s.placements;
  lines.push(`placements: ${int(p.requested)} requested, ${int(p.placed)} placed, ${int(p.rejected)} rejected (blocking ${pct(p.blockingProbability)})`
    + (s.firstRejectionSeconds === undefined ? "" : `; the first at ${clockTime(s.firstRejectionSeconds)}`));
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
  for (const [kind, u] of Object.entries(s.sharedUtilization ?? {})) {
    lines.push(`utilization over all ${kind} providers:`);
    const names = Object.keys(u.mean);
    const w = Math.max(...names.map((c) => c.length));
    for (const c of names) lines.push(`  ${c.padEnd(w)}  mean ${pct(u.mean[c]!).padStart(6)}  peak ${pct(u.peak[c]!).padStart(6)}`);
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
  if (s.replications) lines.push(...formatReplications(s.replications, s.seed));
  return lines.join("\n");
}

/** A figure of the replication table: shares in percent, counts with fewer decimals the larger they are. */
function figure(x: number, share: boolean): string {
  if (share) return `${(100 * x).toFixed(2)}%`;
  const a = Math.abs(x);
  return x.toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: a >= 1000 ? 0 : a >= 100 ? 1 : 2 });
}

/** The replication intervals as a table: one row per metric, mean, sd and the interval. */
function formatReplications(r: ReplicationSummary, firstSeed: number): string[] {
  const level = `${Number((100 * r.confidence).toFixed(2))}%`;
  const rows: [string, Estimate, boolean][] = [
    ["blocking probability", r.placements.blockingProbability, true],
    ["rejected placements", r.placements.rejected, false],
    ["hosts in use at peak", r.hostsUsedPeak, false],
  ];
  for (const x of r.services) {
    rows.push([`${x.id}: dropped share`, x.droppedShare, true], [`${x.id}: dropped requests`, x.droppedRequests, false],
      [`${x.id}: overloaded seconds`, x.overloadSeconds, false], [`${x.id}: peak instances`, x.peakInstances, false]);
  }
  for (const q of r.queues ?? []) {
    rows.push([`queue ${q.id}: waited share`, q.waitedShare, true], [`queue ${q.id}: mean wait (s)`, q.meanWaitSeconds, false],
      [`queue ${q.id}: gave up`, q.abandoned, false]);
  }
  for (const rc of Object.keys(r.utilization.mean)) {
    rows.push([`utilization ${rc} mean`, r.utilization.mean[rc]!, true]);
    if (r.utilization.peak[rc]) rows.push([`utilization ${rc} peak`, r.utilization.peak[rc], true]);
  }
  for (const [kind, u] of Object.entries(r.sharedUtilization ?? {})) {
    for (const rc of Object.keys(u.mean)) {
      rows.push([`${kind} ${rc} mean`, u.mean[rc]!, true]);
      if (u.peak[rc]) rows.push([`${kind} ${rc} peak`, u.peak[rc], true]);
    }
  }
  const table = [["metric", "mean", "sd", `${level} interval`, ""], ...rows.map(([label, e, share]) =>
    [label, figure(e.mean, share), figure(e.sd, share), figure(e.low, share), figure(e.high, share)])];
  const width = (col: number) => Math.max(...table.slice(1).map((row) => row[col]!.length));
  const [w0, w1, w2, w3, w4] = [0, 1, 2, 3, 4].map((c) => Math.max(width(c), c === 0 ? table[0]![0]!.length : 0));
  const lines = [
    `replications: ${r.runs} runs, seeds ${r.seeds[0]}..${r.seeds[r.seeds.length - 1]} (the figures above are the first run's, seed ${firstSeed});`
      + ` ${level} intervals by Student's t (${r.runs - 1} df, t = ${r.t.toFixed(3)}), ${int(Math.round(r.wallMs))} ms in all`,
  ];
  const head = table[0]!;
  lines.push(`  ${head[0]!.padEnd(w0!)}  ${head[1]!.padStart(w1!)}  ${head[2]!.padStart(w2!)}  ${head[3]}`);
  for (const row of table.slice(1)) {
    lines.push(`  ${row[0]!.padEnd(w0!)}  ${row[1]!.padStart(w1!)}  ${row[2]!.padStart(w2!)}  ${row[3]!.padStart(w3!)} .. ${row[4]!.padStart(w4!)}`);
  }
  return lines;
}
