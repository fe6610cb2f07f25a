import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Environment } from "./environment";
import { createRng } from "./rng";

type Plan = { delay: number; priority?: number; label: string };

/** Schedules the plan at time 0 and returns the labels in firing order with their times. */
function fire(plan: Plan[]): string[] {
  const env = new Environment();
  const out: string[] = [];
  const kind = env.register((a) => out.push(`${plan[a]!.label}@${env.now}`));
  plan.forEach((p, i) => env.schedule(p.delay, kind, i, 0, p.priority ?? 0));
  env.run(Infinity);
  return out;
}

describe("Environment ordering", () => {
  it.each<{ name: string; plan: Plan[]; expected: string[] }>([
    { name: "by time", plan: [{ delay: 3, label: "c" }, { delay: 1, label: "a" }, { delay: 2, label: "b" }], expected: ["a@1", "b@2", "c@3"] },
    { name: "equal times in insertion order", plan: [{ delay: 5, label: "x" }, { delay: 5, label: "y" }, { delay: 5, label: "z" }], expected: ["x@5", "y@5", "z@5"] },
    { name: "priority before insertion order at equal time", plan: [{ delay: 1, priority: 2, label: "late" }, { delay: 1, priority: 0, label: "urgent" }, { delay: 1, priority: 2, label: "late2" }], expected: ["urgent@1", "late@1", "late2@1"] },
    { name: "time before priority", plan: [{ delay: 2, priority: -5, label: "b" }, { delay: 1, priority: 5, label: "a" }], expected: ["a@1", "b@2"] },
    { name: "zero delay fires at now", plan: [{ delay: 0, label: "now" }], expected: ["now@0"] },
  ])("$name", ({ plan, expected }) => {
    expect(fire(plan)).toEqual(expected);
  });

  it("events scheduled by a handler at the same time run after those already queued", () => {
    const env = new Environment();
    const out: string[] = [];
    const child = env.register((a) => out.push(`child${a}`));
    const parent = env.register((a) => {
      out.push(`parent${a}`);
      env.schedule(0, child, a);
    });
    env.schedule(1, parent, 1);
    env.schedule(1, parent, 2);
    env.run(10);
    expect(out).toEqual(["parent1", "parent2", "child1", "child2"]);
  });

  it("pops in (time, priority, seq) order for any schedule (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ delay: fc.integer({ min: 0, max: 20 }), priority: fc.integer({ min: -2, max: 2 }) }), { maxLength: 300 }), (items) => {
        const env = new Environment();
        const fired: number[] = [];
        const kind = env.register((a) => fired.push(a));
        items.forEach((item, i) => env.schedule(item.delay, kind, i, 0, item.priority));
        env.run(Infinity);
        const expected = items.map((_, i) => i).sort((x, y) => items[x]!.delay - items[y]!.delay || items[x]!.priority - items[y]!.priority || x - y);
        expect(fired).toEqual(expected);
      }),
    );
  });
});

describe("Environment rules", () => {
  it.each([
    ["negative", -1],
    ["NaN", NaN],
    ["infinite", Infinity],
  ])("a %s delay throws", (_name, delay) => {
    const env = new Environment();
    const kind = env.register(() => {});
    expect(() => env.schedule(delay, kind)).toThrow(RangeError);
  });

  it("scheduling before now throws", () => {
    const env = new Environment();
    const kind = env.register(() => {});
    env.run(10);
    expect(() => env.scheduleAt(5, kind)).toThrow(RangeError);
    expect(() => env.run(5)).toThrow(RangeError);
  });

  it("an unknown event kind throws", () => {
    expect(() => new Environment().schedule(1, 0)).toThrow(RangeError);
  });

  it("cancelling twice, or after firing, throws (an event fires at most once)", () => {
    const env = new Environment();
    let fired = 0;
    const kind = env.register(() => fired++);
    const a = env.schedule(1, kind);
    const b = env.schedule(2, kind);
    env.cancel(a);
    expect(() => env.cancel(a)).toThrow(/not pending/);
    env.run(5);
    expect(fired).toBe(1);
    expect(() => env.cancel(b)).toThrow(/not pending/);
  });

  it("a stale id does not cancel the event that reused its slot", () => {
    const env = new Environment();
    const fired: number[] = [];
    const kind = env.register((a) => fired.push(a));
    const first = env.schedule(1, kind, 1);
    env.run(1);
    const second = env.schedule(1, kind, 2); // reuses the slot
    expect(env.isPending(first)).toBe(false);
    expect(() => env.cancel(first)).toThrow();
    expect(env.isPending(second)).toBe(true);
    env.run(5);
    expect(fired).toEqual([1, 2]);
  });

  it("run(until) is inclusive, advances the clock and leaves later events pending", () => {
    const env = new Environment();
    const fired: number[] = [];
    const kind = env.register(() => fired.push(env.now));
    for (const d of [1, 2, 3, 4]) env.schedule(d, kind);
    env.run(2);
    expect(fired).toEqual([1, 2]);
    expect(env.now).toBe(2);
    expect(env.pending).toBe(2);
    env.run(2.5);
    expect(env.now).toBe(2.5);
    expect(env.processed).toBe(2);
  });

  it("stop() makes run return after the current event, at its time", () => {
    const env = new Environment();
    const kind = env.register((a) => {
      if (a === 2) env.stop();
    });
    for (const d of [1, 2, 3]) env.schedule(d, kind, d);
    env.run(10);
    expect(env.now).toBe(2);
    env.run(10);
    expect(env.now).toBe(10);
    expect(env.processed).toBe(3);
  });
});

describe("determinism", () => {
  /** A hold model: N timers, each re-arming itself with a random delay; returns a fingerprint. */
  function holdModel(seed: number): number[] {
    const env = new Environment();
    const rng = createRng(seed);
    const trace: number[] = [];
    const kind = env.register((a) => {
      trace.push(a, env.now);
      env.schedule(Math.floor(rng.next() * 10), kind, a);
    });
    for (let i = 0; i < 50; i++) env.schedule(Math.floor(rng.next() * 10), kind, i);
    env.run(200);
    return trace;
  }

  it.each([1, 2, 12345])("same seed %i, same order of events", (seed) => {
    expect(holdModel(seed)).toEqual(holdModel(seed));
  });

  it("a different seed gives a different run", () => {
    expect(holdModel(1)).not.toEqual(holdModel(2));
  });
});
