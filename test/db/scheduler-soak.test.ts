/**
 * The small soak of issue #10 (item 8), on the real PostgreSQL only (it runs when DATABASE_URL is
 * set): 4 real `headroom worker` processes, 2,000 requests of mixed flavors with volumes, ports and
 * server groups, 20% injected driver faults and 4 kill -9 of workers at random moments (restarted).
 * The bench makes and drops a database of its own on that server. The four zeros are asserted; the
 * figures are printed.
 */
import { describe, expect, it } from "vitest";
import { formatSchedulerBench, runSchedulerBench } from "../../server/scheduler/bench";

const url = process.env.DATABASE_URL;

describe.skipIf(!url)("scheduler soak on PostgreSQL", () => {
  it("loses nothing, over-commits nothing, makes no server twice and leaves no orphan allocation", async () => {
    const result = await runSchedulerBench({
      url: url!, workers: 4, requests: 2000, faults: 0.2, kills: 4, seed: 11, stallMs: 90_000,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(`${formatSchedulerBench(result)}\n${JSON.stringify(result)}\n`);
    expect(result.kills).toBe(4);
    expect(result.workerCrashes).toBe(0);
    expect({ overCommitted: result.overCommitted, lost: result.lost, duplicateServers: result.duplicateServers, orphanAllocations: result.orphanAllocations })
      .toEqual({ overCommitted: 0, lost: 0, duplicateServers: 0, orphanAllocations: 0 });
    // Every request ended: active, failed with a reason, or cancelled (the demo's own requests included).
    const ended = (result.byState.active ?? 0) + (result.byState.failed ?? 0) + (result.byState.cancelled ?? 0);
    expect(ended).toBe(Object.values(result.byState).reduce((a, b) => a + b, 0));
    expect(result.byState.active ?? 0).toBeGreaterThan(1000);
  }, 900_000);
});
