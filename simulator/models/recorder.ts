import type { SeriesRow } from "../summary";
import type { Churn } from "./churn";
import type { Fleet } from "./fleet";
import type { Service } from "./service";
import { SHARED_KINDS } from "./usage";
import type { Usage } from "./usage";

/**
 * Closes the metric buckets: per service whole requests, per resource class (all hosts, then per
 * zone) the mean utilisation over the bucket, placements rejected, hosts in use and down. Keeps the
 * peaks for the summary and, when asked, one series row per bucket with the columns
 * `offered/<service>` and `served/<service>` (requests per second over the bucket), `overload/<service>`
 * (seconds of the bucket in which its load exceeded its running capacity),
 * `instances/<service>` and `booting/<service>` (at its end), `util/<class>`, `util/<zone>/<class>`,
 * `util/storage/<class>` and `util/network/<class>` (over the shared providers of that kind),
 * `placed`, `rejected` (placements in the bucket), `hostsInUse`, `hostsDown`, `vms`, and for a churn
 * stream that queues, `waiting/<churn>` (requests waiting for room at its end).
 */
export class Recorder {
  readonly peak: Float64Array;
  /** Peak bucket means over the shared providers, per (kind in SHARED_KINDS) x class. */
  readonly sharedPeak: Float64Array;
  readonly series: SeriesRow[] | undefined;
  private readonly hostAreaAt: Float64Array;
  private readonly zoneAreaAt: Float64Array;
  private readonly sharedAreaAt: Float64Array;
  /** Each service's overloaded seconds at the last bucket's end. */
  private readonly overloadAt: Float64Array;
  private readonly hostClasses: number[];
  private readonly names: { util: string[]; zone: string[]; shared: string[] };

  constructor(private readonly usage: Usage, private readonly fleet: Fleet, private readonly services: readonly Service[],
    private readonly queued: readonly Churn[], withSeries: boolean) {
    this.peak = new Float64Array(usage.C);
    this.hostAreaAt = new Float64Array(usage.C);
    this.zoneAreaAt = new Float64Array(usage.zoneArea.length);
    this.sharedPeak = new Float64Array(usage.sharedArea.length);
    this.sharedAreaAt = new Float64Array(usage.sharedArea.length);
    this.overloadAt = new Float64Array(services.length);
    this.hostClasses = usage.classes.flatMap((_, c) => (usage.hostCap[c]! > 0 ? [c] : []));
    this.series = withSeries ? [] : undefined;
    this.names = {
      util: usage.classes.map((rc) => `util/${rc}`),
      zone: usage.zones.flatMap((z) => usage.classes.map((rc) => `util/${z}/${rc}`)),
      shared: SHARED_KINDS.flatMap((kind) => usage.classes.map((rc) => `util/${kind}/${rc}`)),
    };
  }

  /** Host resource classes (those some host has capacity of). */
  get classes(): number[] {
    return this.hostClasses;
  }

  /** Closes the bucket [t0, t1): services first (the caller has closed them and passes their buckets). */
  close(t0: number, t1: number, buckets: readonly { offered: number; served: number }[]): void {
    const usage = this.usage;
    usage.accrue(t1);
    const dt = t1 - t0;
    const row: SeriesRow | undefined = this.series ? { t: t0 } : undefined;
    for (const c of this.hostClasses) {
      const mean = dt > 0 ? (usage.hostArea[c]! - this.hostAreaAt[c]!) / (usage.hostCap[c]! * dt) : usage.hostUsed[c]! / usage.hostCap[c]!;
      if (mean > this.peak[c]!) this.peak[c] = mean;
      this.hostAreaAt[c] = usage.hostArea[c]!;
      if (row) row[this.names.util[c]!] = mean;
    }
    for (let k = 0; k < usage.zoneArea.length; k++) {
      if (row && usage.zoneCap[k]! > 0) {
        row[this.names.zone[k]!] = dt > 0 ? (usage.zoneArea[k]! - this.zoneAreaAt[k]!) / (usage.zoneCap[k]! * dt) : usage.zoneUsed[k]! / usage.zoneCap[k]!;
      }
      this.zoneAreaAt[k] = usage.zoneArea[k]!;
    }
    for (let k = 0; k < usage.sharedArea.length; k++) {
      if (usage.sharedCap[k]! > 0) {
        const mean = dt > 0 ? (usage.sharedArea[k]! - this.sharedAreaAt[k]!) / (usage.sharedCap[k]! * dt) : usage.sharedUsed[k]! / usage.sharedCap[k]!;
        if (mean > this.sharedPeak[k]!) this.sharedPeak[k] = mean;
        if (row) row[this.names.shared[k]!] = mean;
      }
      this.sharedAreaAt[k] = usage.sharedArea[k]!;
    }
    if (row) {
      this.services.forEach((s, i) => {
        const b = buckets[i]!;
        row[`offered/${s.id}`] = dt > 0 ? b.offered / dt : 0;
        row[`served/${s.id}`] = dt > 0 ? b.served / dt : 0;
        row[`overload/${s.id}`] = s.overloadSeconds - this.overloadAt[i]!;
        row[`instances/${s.id}`] = s.instances;
        row[`booting/${s.id}`] = s.starting;
      });
      row.placed = this.fleet.bucketPlaced;
      row.rejected = this.fleet.bucketRejected;
      row.hostsInUse = usage.hostsInUse;
      row.hostsDown = this.fleet.hostsDown;
      row.vms = this.fleet.live;
      for (const c of this.queued) row[`waiting/${c.id}`] = c.queue.waiting;
      this.series!.push(row);
    }
    this.services.forEach((s, i) => (this.overloadAt[i] = s.overloadSeconds));
    this.fleet.bucketPlaced = 0;
    this.fleet.bucketRejected = 0;
  }
}
