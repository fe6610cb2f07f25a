// The balance objective's lower bound against exhaustive search on tiny problems: it never exceeds the
// lowest imbalance (mean over hosts in use of max - min class utilisation) of any placement of the same
// copies, and it is not always zero.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PlacementProblem, Provider } from "./contract";
import { place } from "./index";
import { verifyPlacement } from "./verify";

type Tiny = { hosts: { vcpu: number; mem: number; usedCpu: number; usedMem: number }[]; items: { vcpu: number; mem: number }[] };

const tinyArb: fc.Arbitrary<Tiny> = fc.record({
  hosts: fc.array(fc.record({ vcpu: fc.integer({ min: 2, max: 8 }), mem: fc.integer({ min: 2, max: 8 }), usedCpu: fc.integer({ min: 0, max: 2 }), usedMem: fc.integer({ min: 0, max: 2 }) }),
    { minLength: 1, maxLength: 3 }),
  items: fc.array(fc.record({ vcpu: fc.integer({ min: 1, max: 4 }), mem: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 5 }),
});

function toProblem(t: Tiny): PlacementProblem {
  const providers: Provider[] = t.hosts.map((h, i) => ({
    id: `h${i}`, kind: "host", inventory: { VCPU: { total: h.vcpu }, MEMORY_MB: { total: h.mem } },
    ...(h.usedCpu + h.usedMem > 0 ? { used: { VCPU: Math.min(h.usedCpu, h.vcpu), MEMORY_MB: Math.min(h.usedMem, h.mem) } } : {}),
  }));
  return { providers, requests: t.items.map((it, i) => ({ id: `r${i}`, compute: { resources: { VCPU: it.vcpu, MEMORY_MB: it.mem } } })), policy: { objective: "balance" } };
}

/** The lowest imbalance per set of placed items (bit mask), over every assignment that fits. */
function bruteForce(t: Tiny): Map<number, number> {
  const cpu = t.hosts.map((h) => Math.min(h.usedCpu, h.vcpu));
  const mem = t.hosts.map((h) => Math.min(h.usedMem, h.mem));
  const load = t.hosts.map(() => 0);
  const best = new Map<number, number>();
  const go = (i: number, mask: number) => {
    if (i === t.items.length) {
      let sum = 0;
      let n = 0;
      t.hosts.forEach((h, k) => {
        if (load[k]! === 0 && cpu[k]! === 0 && mem[k]! === 0) return;
        sum += Math.abs(cpu[k]! / h.vcpu - mem[k]! / h.mem);
        n++;
      });
      const v = n === 0 ? 0 : sum / n;
      best.set(mask, Math.min(best.get(mask) ?? Infinity, v));
      return;
    }
    go(i + 1, mask);
    const it = t.items[i]!;
    t.hosts.forEach((h, k) => {
      if (cpu[k]! + it.vcpu > h.vcpu || mem[k]! + it.mem > h.mem) return;
      cpu[k]! += it.vcpu; mem[k]! += it.mem; load[k]!++;
      go(i + 1, mask | (1 << i));
      cpu[k]! -= it.vcpu; mem[k]! -= it.mem; load[k]!--;
    });
  };
  go(0, 0);
  return best;
}

describe("balance lower bound", () => {
  it("never exceeds the lowest imbalance of any placement of the same copies, and is sometimes positive", async () => {
    let positive = 0;
    await fc.assert(fc.asyncProperty(tinyArb, async (tiny) => {
      const problem = toProblem(tiny);
      const result = await place(problem);
      expect(verifyPlacement(problem, result)).toEqual([]);
      const mask = result.placements.reduce((m, p) => m | (1 << Number(p.request.slice(1))), 0);
      const opt = bruteForce(tiny).get(mask)!;
      expect(result.stats.lowerBound).not.toBeNull();
      expect(result.stats.lowerBound!).toBeLessThanOrEqual(opt + 1e-9);
      expect(result.stats.gap!).toBeGreaterThanOrEqual(-1e-12);
      if (result.stats.lowerBound! > 0) positive++;
    }), { numRuns: 200, seed: 41 });
    expect(positive).toBeGreaterThan(0);
  });
});
