import { describe, expect, it } from "vitest";
import { DEFAULT_LEASE_MS, toWorkerRow, workerLiveness } from "./worker-rows";

const now = new Date("2026-12-03T17:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const row = (patch: Record<string, unknown>) => toWorkerRow({ name: "w1", hostname: "h", pid: 1, driver: "simulated", startedAt: ago(60_000), ...patch });

describe("workerLiveness", () => {
  it("trusts the server's verdict when it gives one", () => {
    expect(workerLiveness(row({ heartbeatAt: ago(3_600_000), alive: true }), now, null)).toBe("alive");
    expect(workerLiveness(row({ heartbeatAt: ago(0), alive: false }), now, null)).toBe("dead");
  });
  it("judges by the heartbeat against the lease otherwise", () => {
    expect(workerLiveness(row({ heartbeatAt: ago(DEFAULT_LEASE_MS) }), now, null)).toBe("alive");
    expect(workerLiveness(row({ heartbeatAt: ago(DEFAULT_LEASE_MS + 1) }), now, null)).toBe("dead");
    expect(workerLiveness(row({ heartbeatAt: ago(5_000) }), now, 4_000)).toBe("dead");
  });
  it("a worker that said goodbye is stopped, not dead", () => {
    expect(workerLiveness(row({ heartbeatAt: ago(600_000), stoppedAt: ago(600_000) }), now, null)).toBe("stopped");
  });
  it("reads missing counters as zero and the simulated driver from its name", () => {
    const w = row({ heartbeatAt: ago(0) });
    expect(w.claimed).toBe(0);
    expect(w.simulated).toBe(true);
  });
});

describe("toWorkerRow", () => {
  it("places the heartbeat on the browser's clock from the database's measured age", () => {
    const fetchedAt = now.getTime();
    const w = toWorkerRow({ name: "w", heartbeatAt: "2000-01-01T00:00:00Z", secondsSinceHeartbeat: 4 }, fetchedAt);
    expect(new Date(w.heartbeatAt).getTime()).toBe(fetchedAt - 4000);
  });
});
