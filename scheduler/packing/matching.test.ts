import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maxMatching } from "./matching";
import { pairPacking } from "./pairing";

/** size of a maximum matching by exhaustive search (tiny graphs only) */
function bruteMatching(n: number, edges: [number, number][]): number {
  const best = (k: number, used: Set<number>): number => {
    if (k === edges.length) return 0;
    const [a, b] = edges[k]!;
    let m = best(k + 1, used);
    if (!used.has(a) && !used.has(b)) {
      used.add(a); used.add(b);
      m = Math.max(m, 1 + best(k + 1, used));
      used.delete(a); used.delete(b);
    }
    return m;
  };
  return n === 0 ? 0 : best(0, new Set());
}

const graphArb = fc.integer({ min: 1, max: 9 }).chain((n) =>
  fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 12 }).map((pairs) => {
    const seen = new Set<number>();
    const edges: [number, number][] = [];
    for (const [x, y] of pairs) {
      const a = Math.min(x, y), b = Math.max(x, y);
      if (a === b || seen.has(a * 100 + b)) continue;
      seen.add(a * 100 + b);
      edges.push([a, b]);
    }
    return { n, edges };
  }));

describe("maxMatching", () => {
  it.each([
    { name: "odd cycle of five plus a pendant (needs a blossom)", n: 6, edges: [[0, 1], [1, 2], [2, 3], [3, 4], [4, 0], [0, 5]], size: 3 },
    { name: "triangle", n: 3, edges: [[0, 1], [1, 2], [0, 2]], size: 1 },
    { name: "no edges", n: 4, edges: [], size: 0 },
    { name: "path 1-0-2-3 (the greedy start takes the middle edge; an augmenting path fixes it)", n: 4, edges: [[0, 2], [0, 1], [2, 3]], size: 2 },
  ])("$name", ({ n, edges, size }) => {
    const adj: number[][] = Array.from({ length: n }, () => []);
    for (const [a, b] of edges) { adj[a!]!.push(b!); adj[b!]!.push(a!); }
    const mate = maxMatching(adj);
    expect(mate.filter((m) => m >= 0).length / 2).toBe(size);
  });

  it("is a matching along edges, of maximum size (against exhaustive search)", () => {
    fc.assert(fc.property(graphArb, ({ n, edges }) => {
      const adj: number[][] = Array.from({ length: n }, () => []);
      for (const [a, b] of edges) { adj[a]!.push(b); adj[b]!.push(a); }
      const mate = maxMatching(adj);
      mate.forEach((m, v) => {
        if (m < 0) return;
        expect(mate[m]).toBe(v);
        expect(adj[v]).toContain(m);
      });
      expect(mate.filter((m) => m >= 0).length / 2).toBe(bruteMatching(n, edges));
    }), { numRuns: 300, seed: 3 });
  });
});

describe("pairPacking", () => {
  it.each([
    { name: "no three fit: optimal", cap: [10, 10], items: [[6, 2], [4, 7], [5, 3], [5, 6], [9, 9]], bins: 3, optimal: true },
    { name: "three small items fit together: not claimed optimal", cap: [10], items: [[3], [3], [3]], bins: 2, optimal: false },
  ])("$name", ({ cap, items, bins, optimal }) => {
    const r = pairPacking(items, cap)!;
    expect(r.bins).toBe(bins);
    expect(r.optimal).toBe(optimal);
    for (let b = 0; b < r.bins; b++) {
      const inBin = items.filter((_, i) => r.bin[i] === b);
      expect(inBin.length).toBeGreaterThan(0);
      expect(inBin.length).toBeLessThanOrEqual(2);
      cap.forEach((c, d) => expect(inBin.reduce((s, x) => s + x[d]!, 0)).toBeLessThanOrEqual(c));
    }
  });
});
