/**
 * Measures (never asserts) what the reports page asks the server on 18 months of demo history, and
 * a recommendation for the 2,000-host peak sale day of simulator/bench:
 *
 *   npx tsx server/reports/bench.ts [--recommend] [--json]
 *
 * A fresh in-memory PGlite, seeded as `headroom db seed` does (the history included); each query is
 * run three times and the middle time kept. Figures go in server/reports/README.md.
 */
import { getSolver } from "../../scheduler";
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
const log = (line: string) => process.stderr.write(line + "\n");

async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = clock();
    await fn();
    times.push(clock() - t0);
  }
  return times.sort((a, b) => a - b)[1]!;
}

async function main() {
  const json = process.argv.includes("--json");
  const out: Record<string, number> = {};
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
  let first = 0;
  for (const [name, fn] of Object.entries(page)) {
    out[`${name}Ms`] = await median(fn);
    if (name !== "seriesByRack18m" && name !== "seriesByProject18m") first += out[`${name}Ms`]!;
  }
  out.pageFirstViewMs = first; // what the page asks on first view (12 months by zone)
  await handle.close();

  if (process.argv.includes("--recommend")) {
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
  }
  if (json) process.stdout.write(JSON.stringify(out) + "\n");
  else for (const [k, v] of Object.entries(out)) process.stdout.write(`${k.padEnd(24)} ${Number.isInteger(v) ? v : v.toFixed(1)}\n`);
}

void main();
