/**
 * `headroom bench reports [--recommend] [--json]`: measures (never asserts) what the reports page
 * asks the server on 18 months of demo history, and a recommendation for the 2,000-host peak sale
 * day of simulator/bench.
 *
 * A fresh in-memory PGlite, seeded as `headroom db seed` does (the history included); each query is
 * run three times and the middle time kept. The baselines, run in the same process: one full scan
 * of the snapshot table (what any report must at least read once: the page's queries as a multiple
 * of it), and for the recommendation the rule of thumb a planner would use without the tool (one
 * model covering the largest deficit of any class, plus one host; no simulation): the tool's cost
 * as a ratio of that, beside its ratio to its own proven lower bound. Figures go in
 * server/reports/README.md.
 */
import { sql } from "drizzle-orm";
import { getSolver } from "../../scheduler";
import { capacityOf } from "../../scheduler/capacity";
import { peakSaleDay } from "../../simulator/bench/scenarios";
import { simulate } from "../../simulator/simulate";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { seedDatabase } from "../db/seed";
import { recommend } from "../recommend/recommend";
import { topConsumers } from "./consumers";
import { historyPoints, runwayReport, usageSeries } from "./history";
import { strandedReport } from "./stranded";

const clock = () => performance.now();

export type ReportsBench = Record<string, number>;

async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = clock();
    await fn();
    times.push(clock() - t0);
  }
  return times.sort((a, b) => a - b)[1]!;
}

export async function runReportsBench(options: { recommend?: boolean; log?: (line: string) => void } = {}): Promise<ReportsBench> {
  const log = options.log ?? (() => undefined);
  const out: ReportsBench = {};
  log("seeding a fresh in-memory PGlite (the demo, then again with 18 months of history)…");
  const handle = await openDatabase({ kind: "pglite" });
  await migrateDatabase(handle);
  let t0 = clock();
  await seedDatabase(handle.db, { history: false });
  out.seedWithoutHistoryMs = clock() - t0;
  t0 = clock();
  const seeded = await seedDatabase(handle.db, { reset: true });
  out.seedWithHistoryMs = clock() - t0;
  out.snapshotRows = seeded.counts.utilisationSnapshots ?? 0;
  const from18 = new Date(Date.now() - 548 * 86_400_000).toISOString();
  const from12 = new Date(Date.now() - 365 * 86_400_000).toISOString();
  const page = {
    runway: () => runwayReport(handle.db, { windowDays: 180 }),
    seriesByZone12m: () => usageSeries(handle.db, { resourceClass: "VCPU", by: "zone", from: from12 }),
    seriesByRack18m: () => usageSeries(handle.db, { resourceClass: "VCPU", by: "rack", from: from18 }),
    seriesByProject18m: () => usageSeries(handle.db, { resourceClass: "MEMORY_MB", by: "project", from: from18 }),
    topConsumers: () => topConsumers(handle.db, { limit: 12 }),
    stranded: () => strandedReport(handle.db),
    runwayChartHistory: () => historyPoints(handle.db, { resourceClass: "VCPU", zone: "az1", from: new Date(Date.now() - 180 * 86_400_000).toISOString() }),
  };
  out.historyScanMs = await median(() => handle.db.execute(sql`select count(*), sum(used), sum(capacity) from utilisation_snapshots`));
  let first = 0;
  for (const [name, fn] of Object.entries(page)) {
    log(`timing ${name}…`);
    out[`${name}Ms`] = await median(fn);
    if (name !== "seriesByRack18m" && name !== "seriesByProject18m") first += out[`${name}Ms`]!;
  }
  out.pageFirstViewMs = first; // what the page asks on first view (12 months by zone)
  out.pageFirstViewPerScan = first / Math.max(out.historyScanMs, 1e-3);
  await handle.close();

  if (options.recommend) {
    const scenario = peakSaleDay({ hosts: 2000, services: 40 });
    const models = [
      { id: "std-48", price: 9000, inventory: { VCPU: { total: 48, allocationRatio: 4 }, MEMORY_MB: { total: 393216, reserved: 16384 }, DISK_GB: { total: 1600 } } },
      { id: "dense-96", price: 16500, inventory: { VCPU: { total: 96, allocationRatio: 4 }, MEMORY_MB: { total: 786432, reserved: 16384 }, DISK_GB: { total: 3200 } }, maxPerRack: 20 },
    ];
    const cpu0 = process.cpuUsage();
    t0 = clock();
    const r = await recommend({
      scenario, traces: {}, models, solver: getSolver("highs"), onProgress: log,
      targets: { peak: 2, fail: "az1-r03", targetBlocking: 0.01, maxOverloadSeconds: 900 },
      simulate: (s, o) => simulate(s, { traces: o.traces, series: o.series }),
    });
    out.recommendWallMs = clock() - t0;
    const cpu = process.cpuUsage(cpu0);
    out.recommendCpuMs = (cpu.user + cpu.system) / 1000;
    out.recommendSimulations = r.simulations;
    out.recommendHostsBought = r.purchase.reduce((s, p) => s + p.count, 0);
    out.recommendCost = r.cost;
    out.recommendLowerBound = r.lowerBoundCost ?? NaN;
    out.recommendCostPerBound = r.lowerBoundCost ? r.cost / r.lowerBoundCost : NaN;
    const rule = ruleOfThumb(r.demand, models);
    out.ruleOfThumbCost = rule;
    out.recommendCostPerRuleOfThumb = rule > 0 ? r.cost / rule : NaN;
  }
  return out;
}

/**
 * The baseline purchase, a planner's rule of thumb: per zone, from the tool's own measured deficits
 * (so both start from the same facts), one model bought in the number that covers the largest
 * deficit of any class, plus one host as the usual N+1 margin, the model chosen that makes this
 * cheapest. No simulation; no mix of models.
 */
function ruleOfThumb(demand: { zone: string | null; class: string; deficit: number }[], models: { price: number; inventory: Record<string, { total: number; allocationRatio?: number; reserved?: number }> }[]): number {
  const zones = [...new Set(demand.filter((d) => d.deficit > 0).map((d) => d.zone))];
  let cost = 0;
  for (const z of zones) {
    const short = demand.filter((d) => d.zone === z && d.deficit > 0);
    const costs = models.map((m) => {
      const hosts = Math.max(...short.map((d) => (m.inventory[d.class] ? Math.ceil(d.deficit / capacityOf(m.inventory[d.class]!)) : Infinity)));
      return (hosts + 1) * m.price;
    });
    cost += Math.min(...costs);
  }
  return cost;
}

export function formatReportsBench(out: ReportsBench): string {
  return Object.entries(out).map(([k, v]) => `${k.padEnd(28)} ${Number.isInteger(v) ? v : v.toFixed(Math.abs(v) < 10 ? 3 : 1)}`).join("\n");
}
