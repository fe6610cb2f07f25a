import { count, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { inventories, resourceProviders, utilisationSnapshots } from "../../drizzle/schema";
import { findJob, jobDefinitions, sendJob, startJobWorkers, stopClientBoss } from "../../server/jobs";
import { loadJobModules } from "../../server/jobs/catalog";
import { SNAPSHOT_CRON, SNAPSHOT_JOB } from "../../server/reports/jobs";
import { backends, useTestDatabase } from "./harness";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(backends())("the snapshot job on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "catalog" });
  let stop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await stop?.();
    await stopClientBoss(t.db);
  });

  it("is registered with its schedule, and a sent job writes a snapshot of the live inventory", async () => {
    await loadJobModules();
    expect(jobDefinitions().find((d) => d.name === SNAPSHOT_JOB)?.options.schedule?.cron).toBe(SNAPSHOT_CRON);
    const [zone] = await t.db.insert(resourceProviders).values({ name: "z1", kind: "zone" }).returning({ id: resourceProviders.id });
    const [host] = await t.db.insert(resourceProviders).values({ name: "h1", kind: "host", parentId: zone!.id }).returning({ id: resourceProviders.id });
    await t.db.insert(inventories).values([
      { providerId: host!.id, resourceClass: "VCPU", total: 32, maxUnit: 32, allocationRatio: 4 },
      { providerId: host!.id, resourceClass: "MEMORY_MB", total: 65536, reserved: 1024, maxUnit: 65536 },
    ]);
    stop = await startJobWorkers({ db: t.db }, { name: "reports-test", only: [SNAPSHOT_JOB] });
    const id = await sendJob(t.db, SNAPSHOT_JOB, { source: "manual" });
    const deadline = Date.now() + 30_000;
    let job = await findJob(t.db, SNAPSHOT_JOB, id);
    while (job?.state !== "completed" && Date.now() < deadline) {
      await sleep(100);
      job = await findJob(t.db, SNAPSHOT_JOB, id);
    }
    expect(job?.state).toBe("completed");
    const rows = await t.db.select().from(utilisationSnapshots).orderBy(utilisationSnapshots.resourceClass);
    expect(rows.map((r) => [r.resourceClass, r.zone, r.capacity, r.used, r.source])).toEqual([
      ["MEMORY_MB", "z1", 64512, 0, "manual"],
      ["VCPU", "z1", 128, 0, "manual"],
    ]);
    const [n] = await t.db.select({ n: count() }).from(utilisationSnapshots).where(eq(utilisationSnapshots.source, "schedule"));
    expect(n?.n).toBe(0);
  });
});
