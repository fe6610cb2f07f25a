// The one budget of a place() call, on virtual clocks only (no wall time): its own rules, and that
// place() stops within one step of its deadline wherever the deadline falls, with a result that keeps
// every rule (verify.ts) and accounts for every request.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { place } from "../index";
import { generateProblem } from "../testing/generate";
import { problemArb } from "../testing/problems";
import { expectedIds, verifyPlacement } from "../verify";
import { Budget } from "./budget";

/** A clock that advances `step` ms on every reading, and counts its readings. */
function steppingClock(step: number) {
  const c = { t: 0, reads: 0, read: () => ((c.reads++), (c.t += step)) };
  return c;
}

describe("Budget", () => {
  it("a sub-budget ends at its share or at its parent's deadline, whichever comes first", () => {
    const c = steppingClock(1);
    const b = Budget.start(100, c.read);
    expect(b.deadline).toBe(101);
    expect(b.sub(10).deadline).toBe(2 + 10);
    expect(b.sub(1000).deadline).toBe(101);
    expect(b.until(50).deadline).toBe(50);
    const short = b.sub(3);
    expect(short.expired()).toBe(false);
    while (!short.expired()) void 0;
    // The share is spent; the call's budget is not.
    expect(b.expired()).toBe(false);
    expect(b.remaining()).toBeGreaterThan(0);
  });

  it("past the call's deadline it is spent for good and reads the clock no more, except to report elapsed time", () => {
    const c = steppingClock(1);
    const b = Budget.start(5, c.read);
    while (!b.expired()) void 0;
    const reads = c.reads;
    expect(b.remaining()).toBe(0);
    expect(b.sub(100).expired()).toBe(true);
    expect(b.now()).toBeGreaterThan(b.deadline);
    expect(c.reads).toBe(reads);
    expect(b.elapsedMs()).toBe(c.t - 1);
    expect(c.reads).toBe(reads + 1);
  });

  it("a checker reads the clock once every n calls", () => {
    const c = steppingClock(1);
    const b = Budget.start(1000, c.read);
    const late = b.checker(10);
    const before = c.reads;
    for (let i = 0; i < 100; i++) late();
    expect(c.reads - before).toBe(10);
  });

  it("without a clock it runs on a virtual one and reports no elapsed time", () => {
    const b = Budget.start(1);
    expect(b.isReal).toBe(false);
    let n = 0;
    while (!b.expired()) n++;
    expect(n).toBeGreaterThan(0);
    expect(b.elapsedMs()).toBe(0);
  });
});

/** elapsedMs can pass the limit by the step that found the deadline passed plus the reading that reports it. */
function withinOneStep(elapsed: number, limit: number, step: number): boolean {
  return elapsed <= limit + 2 * step + 1e-9;
}

describe("place() on a clock that advances with every reading", () => {
  it("never passes the deadline by more than one step, and the result keeps every rule (random small problems)", async () => {
    await fc.assert(fc.asyncProperty(problemArb(), fc.constantFrom(2, 7, 20, 60, 400), fc.constantFrom(0.5, 1, 3), async (problem, limit, step) => {
      const c = steppingClock(step);
      const result = await place(problem, { timeLimitMs: limit, clock: c.read });
      expect(withinOneStep(result.stats.elapsedMs, limit, step)).toBe(true);
      expect(verifyPlacement(problem, result)).toEqual([]);
      expect(result.placements.length + result.unplaced.length).toBe(problem.requests.flatMap(expectedIds).length);
    }), { numRuns: 120, seed: 13 });
  });

  it("stops within one step wherever the deadline falls (compile, filter, construction, search, bound), placing what it had", async () => {
    const problem = generateProblem({ hosts: 120, requests: 1500, seed: 9 });
    const ids = problem.requests.flatMap(expectedIds).length;
    const placed: number[] = [];
    const codes = new Set<string>();
    for (const limit of [1, 3, 10, 30, 100, 300, 1000, 3000]) {
      const c = steppingClock(1);
      const result = await place(problem, { timeLimitMs: limit, clock: c.read });
      expect(withinOneStep(result.stats.elapsedMs, limit, 1)).toBe(true);
      expect(verifyPlacement(problem, result)).toEqual([]);
      expect(result.placements.length + result.unplaced.length).toBe(ids);
      placed.push(result.placements.length);
      for (const u of result.unplaced) codes.add(u.code);
    }
    // The short limits cut the run early (requests left for lack of time), the longest places more than the shortest.
    expect(codes.has("TIME_LIMIT")).toBe(true);
    expect(placed[0]!).toBeLessThan(placed.at(-1)!);
  });
});
