import type { Scenario } from "../scenario/schema";
import { inventory } from "./inventory";

/** Where the World Cup 1998 trace sits relative to the project's data/ folder (see data/README.md). */
export const WORLDCUP_TRACE = "traces/worldcup98-requests-per-minute.csv";
export const ALIBABA_TRACE = "traces/alibaba2018-datacenter-usage-300s.csv";

/**
 * The World Cup 1998 site's heaviest week (1998-06-24 to 06-30, about 380 million requests;
 * M. Arlitt and T. Jin, "1998 World Cup Web Site Access Logs", Internet Traffic Archive) replayed
 * at 3x as the storefront of a peak sale, on 2,000 hosts in two zones, beside background churn
 * whose arrival rate follows the Alibaba 2018 cluster's CPU utilisation (cluster-trace-v2018,
 * CC BY 4.0), with a rack failure on the third day and random host failures.
 */
export function worldcupWeek(opts: { hosts: number; days: number; churnPerHour: number }): Scenario {
  const racksPerZone = Math.max(1, Math.round(opts.hosts / 2 / 20));
  return {
    name: `worldcup98-week-3x-${opts.hosts}-hosts`,
    durationSeconds: opts.days * 86_400,
    stepSeconds: 60,
    providers: inventory({ zones: 2, racksPerZone, hostsPerRack: 20 }),
    serverGroups: [{ id: "www-spread", policy: "soft-anti-affinity", scope: "host" }],
    // Batches (initial fleet, evacuations) by the greedy construction: measured here, "auto" spends
    // 0.4-1 s in a HiGHS MILP per two-VM evacuation on 2,000 hosts, and its initial fleet stops at the
    // time limit (so the replay would depend on the machine's speed).
    placement: { objective: "pack", solver: "greedy" },
    loadMultiplier: 3,
    services: [{
      id: "www",
      request: { compute: { resources: { VCPU: 4, MEMORY_MB: 8192, DISK_GB: 40 } }, serverGroup: "www-spread" },
      rpsPerInstance: 5,
      minInstances: 200,
      maxInstances: 6000,
      scaling: { targetUtilization: 0.6, cooldownSeconds: 120, bootSeconds: { kind: "lognormal", mean: 120, sd: 40 } },
      load: { trace: WORLDCUP_TRACE, column: "count", timeColumn: "period", startAt: "1998-06-24 00:00:00", scale: 1 / 60 },
    }],
    churn: [
      {
        id: "batch",
        // Alibaba's CPU utilisation (percent) x churnPerHour / 40: about churnPerHour at its typical 40%.
        arrivalsPerHour: { trace: ALIBABA_TRACE, column: "cpu_util_percent", rowSeconds: 300, scale: opts.churnPerHour / 40 / 3 },
        lifetime: { kind: "lognormal", mean: 3 * 3600, sd: 2 * 3600 },
        request: { compute: { resources: { VCPU: 8, MEMORY_MB: 32768, DISK_GB: 100 } } },
      },
      {
        id: "ci",
        arrivalsPerHour: opts.churnPerHour / 3,
        lifetime: { kind: "exponential", mean: 1200 },
        request: { compute: { resources: { VCPU: 2, MEMORY_MB: 4096, DISK_GB: 20 } } },
      },
    ],
    failures: [
      { at: 2 * 86_400 + 20 * 3600, target: "az1-r03", repairSeconds: 4 * 3600 },
      { hostMtbfHours: 4000, hostMttrHours: 8 },
    ],
  };
}

/**
 * A peak sale day of a large e-commerce estate: `hosts` hosts in two zones, `services` services behind
 * load balancers (a third through the evening sale, the rest on the daily curve; three instance sizes),
 * CI and batch churn that scales with the estate, a rack failing at the height of the sale, and random
 * host failures (MTBF 2,000 h). At 2,000 hosts about 8,000 service instances at the peak and half the
 * VCPU in use; the events are mostly VM lifecycles, each a placement through the online placer.
 */
export function peakSaleDay(opts: { hosts: number; services: number }): Scenario {
  const racksPerZone = Math.max(1, Math.round(opts.hosts / 2 / 20));
  const sizes = [
    { VCPU: 2, MEMORY_MB: 4096, DISK_GB: 20 },
    { VCPU: 4, MEMORY_MB: 8192, DISK_GB: 40 },
    { VCPU: 8, MEMORY_MB: 16384, DISK_GB: 80 },
  ];
  return {
    name: `peak-sale-day-${opts.hosts}-hosts`,
    durationSeconds: 86_400,
    stepSeconds: 60,
    providers: inventory({ zones: 2, racksPerZone, hostsPerRack: 20 }),
    placement: { objective: "pack", solver: "auto" },
    services: Array.from({ length: opts.services }, (_, i) => {
      const rpsPerInstance = [20, 50, 100][i % 3]!;
      // Base load as a share of the estate: 0.5% to 2.3% of `hosts` instances' worth at target.
      const share = 0.005 + (0.02 * ((i * 7) % 10)) / 10;
      return {
        id: `svc-${String(i + 1).padStart(2, "0")}`,
        request: { compute: { resources: sizes[i % 3]! } },
        rpsPerInstance,
        minInstances: 2,
        maxInstances: opts.hosts * 4,
        scaling: { targetUtilization: 0.6, cooldownSeconds: 120 + 60 * (i % 4), bootSeconds: { kind: "lognormal" as const, mean: 90, sd: 30 } },
        load: i % 3 === 0
          ? { profile: "peak-sale" as const, baseRps: opts.hosts * rpsPerInstance * share, peakMultiplier: 4 }
          : { profile: "diurnal" as const, baseRps: opts.hosts * rpsPerInstance * share },
      };
    }),
    churn: [
      { id: "ci", arrivalsPerHour: 12 * opts.hosts, lifetime: { kind: "exponential", mean: 900 }, request: { compute: { resources: sizes[0]! } } },
      { id: "batch", arrivalsPerHour: 2 * opts.hosts, lifetime: { kind: "lognormal", mean: 4 * 3600, sd: 3 * 3600 }, request: { compute: { resources: { VCPU: 8, MEMORY_MB: 16384, DISK_GB: 100 } } } },
    ],
    failures: [{ at: 20.5 * 3600, target: "az1-r02", repairSeconds: 2 * 3600 }, { hostMtbfHours: 2000, hostMttrHours: 6 }],
  };
}
