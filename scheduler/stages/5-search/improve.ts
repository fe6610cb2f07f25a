// The pack objective's improvement step: hands the placed copies of some request classes to the
// packing core (scheduler/packing, bin packing with eligibility and conflicts) and applies what it
// returns. Copies that must not move (affinity, anti-affinity over racks or zones) stay as they are;
// a copy with storage or network keeps its providers and may only move to hosts that reach them.
import type { Assignment, Batch, RequestClass } from "../1-compile/batch";
import { reaches } from "../1-compile/cluster";
import { improvePacking, packingLowerBound } from "../../packing";
import type { PackingInstance } from "../../packing";
import type { FilterContext } from "../2-filter/plugins/types";
import type { Budget } from "../budget";

type Item = { cls: RequestClass; k: number };

function movable(cls: RequestClass): boolean {
  const sg = cls.prep.serverGroup;
  if (sg === undefined) return true;
  if (sg.policy === "affinity") return false;
  return sg.scope === "host";
}

/** Builds the packing instance for the movable placed copies of `classes`; everything else is fixed capacity. */
export function packingInstance(ctx: FilterContext, batch: Batch, assignment: Assignment, classes: readonly RequestClass[]): { inst: PackingInstance; items: Item[]; initial: Int32Array } {
  const { cluster, state } = ctx;
  const C = cluster.C;
  const hosts = cluster.hosts;
  const binOf = new Int32Array(cluster.ids.length).fill(-1);
  hosts.forEach((h, b) => (binOf[h] = b));
  const items: Item[] = [];
  for (const cls of classes) {
    if (!movable(cls)) continue;
    assignment[cls.index]!.forEach((got, k) => {
      if (got) items.push({ cls, k });
    });
  }
  const residual = hosts.length === 0 ? [] : Array.from(hosts, (h) => {
    const r = new Float64Array(C);
    for (let c = 0; c < C; c++) r[c] = cluster.cap[h * C + c]! - state.used[h * C + c]!;
    return r;
  });
  const fixedLoad = Int32Array.from(hosts, (h) => state.load[h]!);
  const initial = new Int32Array(items.length);
  const groupMembers = new Map<number, number[]>();
  const inst: PackingInstance = { dims: C, bins: [], items: [] };
  items.forEach((it, i) => {
    const got = assignment[it.cls.index]![it.k]!;
    const b = binOf[got[0]!]!;
    initial[i] = b;
    const g = it.cls.prep.compute;
    const demand = new Array<number>(C).fill(0);
    for (let k = 0; k < g.idx.length; k++) {
      demand[g.idx[k]!] = g.amt[k]!;
      residual[b]![g.idx[k]!]! += g.amt[k]!;
    }
    fixedLoad[b]! -= 1;
    // Only hard anti-affinity restricts moves; a soft group is a preference the search may trade for a host.
    const sg = it.cls.prep.serverGroup;
    if (sg?.policy === "anti-affinity") groupMembers.set(sg.index, [...(groupMembers.get(sg.index) ?? []), i]);
    inst.items.push({ demand, eligible: null });
  });
  // Hosts where a member of the same server group sits and does not move are out for that group's copies.
  const blocked = new Map<number, Set<number>>();
  for (const [gi, list] of groupMembers) {
    const moving = new Map<number, number>();
    for (const i of list) moving.set(initial[i]!, (moving.get(initial[i]!) ?? 0) + 1);
    const first = items[list[0]!]!.cls.prep;
    const set = new Set<number>();
    // Movable groups are host-scoped, so domains are hosts.
    for (const [h, n] of state.groupDomains(first)) {
      const b = binOf[h]!;
      if (b >= 0 && n > (moving.get(b) ?? 0)) set.add(b);
    }
    blocked.set(gi, set);
  }
  // Copies of one class with the same storage and network providers share one eligibility list.
  const shared = new Map<string, Int32Array>();
  items.forEach((it, i) => {
    const got = assignment[it.cls.index]![it.k]!;
    const sg = it.cls.prep.serverGroup;
    const bad = sg?.policy === "anti-affinity" ? blocked.get(sg.index) : undefined;
    const key = `${it.cls.index}:${got.subarray(1).join(",")}`;
    let base = shared.get(key);
    if (base === undefined) {
      const reachOk = new Map<number, boolean>();
      const list: number[] = [];
      for (const h of it.cls.hosts) {
        const r = cluster.reach[h]!;
        let ok = reachOk.get(r);
        if (ok === undefined) {
          ok = true;
          for (let g = 0; g < it.cls.prep.attached.length && ok; g++) ok = reaches(cluster, cluster.reach[got[g + 1]!]!, r);
          reachOk.set(r, ok);
        }
        if (ok && state.down[h] === 0) list.push(binOf[h]!);
      }
      base = Int32Array.from(list);
      shared.set(key, base);
    }
    let eligible = base;
    if (bad !== undefined && bad.size > 0) eligible = base.filter((b) => !bad.has(b));
    if (!eligible.includes(initial[i]!)) eligible = Int32Array.from([...eligible, initial[i]!]);
    // Every host eligible: say so (null), which lets the core use its exact searches on plain instances.
    inst.items[i]!.eligible = eligible.length === hosts.length ? null : eligible;
  });
  inst.bins = Array.from(hosts, (h, b) => ({ capacity: residual[b]!, preUsed: cluster.preUsed[h] === 1 || fixedLoad[b]! > 0 }));
  inst.conflicts = [...groupMembers.values()];
  return { inst, items, initial };
}

/** Runs the packing core on the movable copies of `classes` and applies a better packing; returns bins saved. */
export function improveClasses(ctx: FilterContext, batch: Batch, assignment: Assignment, classes: readonly RequestClass[],
  opts: { budget: Budget; rng: () => number }): number {
  const { inst, items, initial } = packingInstance(ctx, batch, assignment, classes);
  if (items.length === 0 || opts.budget.expired()) return 0;
  const next = improvePacking(inst, initial, { deadline: opts.budget.deadline, clock: opts.budget.clock, rng: opts.rng });
  const used = (a: Int32Array) => new Set(Array.from(a).filter((b) => b >= 0)).size;
  const saved = used(initial) - used(next);
  if (saved <= 0) return 0;
  const hosts = ctx.cluster.hosts;
  const old = items.map((it) => assignment[it.cls.index]![it.k]!);
  items.forEach((it, i) => ctx.state.remove(it.cls.prep, old[i]!));
  const applied: Int32Array[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    const want = old[i]!.slice();
    want[0] = hosts[next[i]!]!;
    const got = ctx.state.tryPlaceExact(it.cls.prep, want);
    if (got === null) {
      // The packing core and the engine disagree on a rule: keep the old placement.
      applied.forEach((g, j) => ctx.state.remove(items[j]!.cls.prep, g));
      items.forEach((it2, j) => ctx.state.tryPlaceExact(it2.cls.prep, old[j]!));
      return 0;
    }
    applied.push(got);
  }
  items.forEach((it, i) => (assignment[it.cls.index]![it.k] = applied[i]!));
  return saved;
}

/** Proven lower bound on hosts in use for the placed copies (the packing core's bound on every host). */
export function packLowerBound(ctx: FilterContext, batch: Batch, assignment: Assignment): number {
  // All placed copies movable in principle: start from the inventory before the batch.
  const { cluster } = ctx;
  const C = cluster.C;
  const inst: PackingInstance = {
    dims: C,
    bins: Array.from(cluster.hosts, (h) => {
      const cap = new Float64Array(C);
      for (let c = 0; c < C; c++) cap[c] = cluster.cap[h * C + c]! - cluster.used0[h * C + c]!;
      return { capacity: cap, preUsed: cluster.preUsed[h] === 1 };
    }),
    items: [],
    conflicts: [],
  };
  const groups = new Map<number, number[]>();
  for (const cls of batch.classes) {
    const demand = new Array<number>(C).fill(0);
    for (let k = 0; k < cls.prep.compute.idx.length; k++) demand[cls.prep.compute.idx[k]!] = cls.prep.compute.amt[k]!;
    for (const got of assignment[cls.index]!) {
      if (!got) continue;
      const sg = cls.prep.serverGroup;
      if (sg?.policy === "anti-affinity") groups.set(sg.index, [...(groups.get(sg.index) ?? []), inst.items.length]);
      inst.items.push({ demand, eligible: null });
    }
  }
  inst.conflicts = [...groups.values()];
  // Hosts that some placed copy can use alone (pinned, or the only eligible one) are in use in every answer.
  const forced = new Set<number>();
  for (const h of cluster.hosts) if (cluster.preUsed[h] === 1) forced.add(h);
  for (const cls of batch.classes) if (cls.hosts.length === 1 && assignment[cls.index]!.some((a) => a !== null)) forced.add(cls.hosts[0]!);
  return Math.max(packingLowerBound(inst), forced.size);
}
