import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SimulationSummary } from "../../simulator/summary";
import { main } from "./main";

// Every example scenario shipped in simulator/examples runs through the CLI as a user would run it
// (its traces found relative to the file), and its summary keeps the books.
const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../simulator/examples");
const files = readdirSync(examples).filter((f) => f.endsWith(".json")).sort();

let out = "";
beforeEach(() => {
  out = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

describe("simulator/examples", () => {
  it("has examples", () => expect(files.length).toBeGreaterThanOrEqual(2));

  it.each(files)("%s runs through `headroom simulate --json` and keeps the books", async (file) => {
    const code = await main(["simulate", path.join(examples, file), "--json", "--replications", "2"]);
    expect(code).toBe(0);
    const s = JSON.parse(out) as SimulationSummary;
    expect(s.events).toBeGreaterThan(1000);
    expect(s.placements.placed + s.placements.rejected + (s.queues ?? []).reduce((n, q) => n + q.waitingAtEnd, 0)).toBe(s.placements.requested);
    for (const svc of s.services) expect(svc.servedRequests + svc.droppedRequests).toBe(svc.offeredRequests);
    expect(s.replications?.runs).toBe(2);
  }, 60_000);
});
