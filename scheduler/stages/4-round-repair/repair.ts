// Most constrained first. Requests with few candidate hosts (pinned, a zone, traits, reach, hard server
// groups) are ordered before the rest, and what is still unplaced after construction and search is
// repaired by making room: copies of this batch on one of its candidate hosts move to other hosts (all
// of them or none), never existing use.
import type { Assignment, Batch, RequestClass } from "../1-compile/batch";
import type { FilterContext } from "../2-filter/plugins/types";
import type { Scorer } from "../../scoring/registry";
import type { Budget } from "../budget";

/** A class is narrow when its static candidates are at most this share of the fleet's hosts. */
const NARROW_SHARE = 0.25;
/** Candidate hosts tried per unplaced copy (best-scored first). */
const REPAIR_HOSTS = 32;
/** Batch copies moved off one host at most, to make room for one copy. */
const REPAIR_MOVES = 8;

/** How constrained a class is: 0 for wide classes; otherwise larger for fewer candidates (pinned is the most). */
export function narrowness(cls: RequestClass, hosts: number): number {
  const n = cls.hosts.length;
  const sg = cls.prep.serverGroup;
  const hardGroup = sg !== undefined && sg.policy !== "soft-anti-affinity";
  const narrow = cls.prep.pinned !== -1 || n <= NARROW_SHARE * hosts || hardGroup;
  if (!narrow) return 0;
  // Fewer candidates per copy first: a class of 6 anti-affinity copies over 8 hosts is tighter than one copy over 8.
  return (cls.ids.length + 1) / Math.max(1, n);
}

/** Larger first: decreasing orders make greedy packing good (first-fit decreasing). */
export function bySizeDesc(a: RequestClass, b: RequestClass): number {
  return b.size - a.size || a.index - b.index;
}

/** Narrow classes first (the most constrained first), then the rest larger first. */
export function constrainedFirst(classes: readonly RequestClass[], hosts: number): RequestClass[] {
  const key = new Map(classes.map((c) => [c.index, narrowness(c, hosts)]));
  return [...classes].sort((a, b) => {
    const ka = key.get(a.index)!;
    const kb = key.get(b.index)!;
    if ((ka > 0) !== (kb > 0)) return ka > 0 ? -1 : 1;
    return kb - ka || bySizeDesc(a, b);
  });
}

type Copy = { cls: RequestClass; k: number };

/** Batch copies per host (compute provider), from the assignment. */
function copiesByHost(batch: Batch, assignment: Assignment): Map<number, Copy[]> {
  const out = new Map<number, Copy[]>();
  for (const cls of batch.classes) {
    assignment[cls.index]!.forEach((got, k) => {
      if (got === null) return;
      const list = out.get(got[0]!);
      if (list) list.push({ cls, k });
      else out.set(got[0]!, [{ cls, k }]);
    });
  }
  return out;
}

/** Copies that move together: one copy, or every member of a host-scoped affinity group (they share the host). */
type Unit = { copies: Copy[]; size: number; sameGroup: boolean };

/** The batch copies on host h that may move to make room for `cls`, as units; rack- and zone-scoped affinity never moves. */
function unitsOn(list: readonly Copy[], cls: RequestClass): Unit[] {
  const units: Unit[] = [];
  const affinity = new Map<number, Unit>();
  const group = cls.prep.serverGroup;
  for (const c of list) {
    // Its own copies are the same as the one to place; a copy with no other candidate cannot go elsewhere.
    if (c.cls === cls || c.cls.hosts.length <= 1) continue;
    const sg = c.cls.prep.serverGroup;
    const sameGroup = group !== undefined && sg !== undefined && sg.index === group.index;
    if (sg?.policy === "affinity") {
      if (sg.scope !== "host") continue;
      const u = affinity.get(sg.index);
      if (u) {
        u.copies.push(c);
        u.size += c.cls.size;
      } else {
        const fresh = { copies: [c], size: c.cls.size, sameGroup };
        affinity.set(sg.index, fresh);
        units.push(fresh);
      }
    } else units.push({ copies: [c], size: c.cls.size, sameGroup });
  }
  // Members of the request's own group first (they block it whatever the room), then larger first: fewer moves.
  return units.sort((a, b) => Number(b.sameGroup) - Number(a.sameGroup) || b.size - a.size);
}

/** The best-scored host of the class that takes one copy now, except `not`; -1 if none. */
function bestHost(ctx: FilterContext, cls: RequestClass, not: number, score: Scorer, jitter: Float64Array): number {
  let best = -1;
  let bestScore = -Infinity;
  for (const h of cls.hosts) {
    if (h === not || !ctx.state.hostOk(cls.prep, h)) continue;
    const s = score(ctx, cls.prep, h) + jitter[h]!;
    if (s > bestScore) {
      bestScore = s;
      best = h;
    }
  }
  return best;
}

/** Places a unit off host `not`: one copy on its best host, an affinity group all on one host. Null (nothing changed) if it cannot. */
function placeUnit(ctx: FilterContext, unit: Unit, not: number, score: Scorer, jitter: Float64Array): Int32Array[] | null {
  const { state } = ctx;
  if (unit.copies.length === 1) {
    const c = unit.copies[0]!;
    const to = bestHost(ctx, c.cls, not, score, jitter);
    const got = to >= 0 ? state.tryPlace(c.cls.prep, to) : null;
    return got === null ? null : [got];
  }
  for (const h of unit.copies[0]!.cls.hosts) {
    if (h === not) continue;
    const got: Int32Array[] = [];
    for (const c of unit.copies) {
      const one = state.tryPlace(c.cls.prep, h);
      if (one === null) break;
      got.push(one);
    }
    if (got.length === unit.copies.length) return got;
    got.forEach((g, i) => state.remove(unit.copies[i]!.cls.prep, g));
  }
  return null;
}

/** Batch copies per host, kept up to date as copies move. */
class HostIndex {
  private readonly map: Map<number, Copy[]>;
  constructor(batch: Batch, assignment: Assignment) {
    this.map = copiesByHost(batch, assignment);
  }
  on(h: number): readonly Copy[] {
    return this.map.get(h) ?? [];
  }
  /** A copy moves from host `from` to host `to`; -1 on either side: not on a host (unplaced, or held aside). */
  move(c: Copy, from: number, to: number): void {
    if (from >= 0) {
      const list = this.map.get(from)!;
      list.splice(list.findIndex((x) => x.cls === c.cls && x.k === c.k), 1);
    }
    if (to < 0) return;
    const list = this.map.get(to);
    if (list) list.push(c);
    else this.map.set(to, [c]);
  }
}

type RepairOptions = { score: Scorer; jitter: Float64Array; budget: Budget };

/**
 * Runs `attempt` (placements on host h; null when they do not fit, with nothing changed), first as things
 * stand, then after moving units of batch copies off h one by one (own group first, larger first) until it
 * succeeds. The moved units must all find other hosts; otherwise everything is undone. Returns what
 * `attempt` placed, or null (state unchanged). `assignment` and the index follow the moved copies.
 */
function withRoom(ctx: FilterContext, assignment: Assignment, index: HostIndex, h: number, cls: RequestClass,
  attempt: () => Int32Array[] | null, undo: (got: Int32Array[]) => void, opts: RepairOptions): Int32Array[] | null {
  const { state } = ctx;
  const direct = attempt();
  if (direct !== null) return direct;
  const units = unitsOn(index.on(h), cls);
  const moved: { unit: Unit; old: Int32Array[] }[] = [];
  let got: Int32Array[] | null = null;
  let copies = 0;
  for (const unit of units) {
    if (copies + unit.copies.length > REPAIR_MOVES) continue;
    const old = unit.copies.map((c) => assignment[c.cls.index]![c.k]!);
    unit.copies.forEach((c, i) => state.remove(c.cls.prep, old[i]!));
    moved.push({ unit, old });
    copies += unit.copies.length;
    got = attempt();
    if (got !== null) break;
  }
  const restore = () => {
    for (const m of moved) m.unit.copies.forEach((c, i) => state.tryPlaceExact(c.cls.prep, m.old[i]!));
  };
  if (got === null) {
    restore();
    return null;
  }
  const next: Int32Array[][] = [];
  for (const m of moved) {
    const again = placeUnit(ctx, m.unit, h, opts.score, opts.jitter);
    if (again === null) break;
    next.push(again);
  }
  if (next.length < moved.length) {
    next.forEach((again, i) => again.forEach((x, j) => state.remove(moved[i]!.unit.copies[j]!.cls.prep, x)));
    undo(got);
    restore();
    return null;
  }
  moved.forEach((m, i) => m.unit.copies.forEach((c, j) => {
    index.move(c, h, next[i]![j]![0]!);
    assignment[c.cls.index]![c.k] = next[i]![j]!;
  }));
  return got;
}

/** Candidate hosts of a class that are up, best-scored first. */
function rankedHosts(ctx: FilterContext, cls: RequestClass, hosts: readonly number[], opts: RepairOptions): number[] {
  return hosts.filter((h) => ctx.state.down[h] === 0)
    .map((h) => ({ h, s: opts.score(ctx, cls.prep, h) + opts.jitter[h]! })).sort((a, b) => b.s - a.s).map((x) => x.h);
}

/**
 * For each unplaced copy of `classes` (most constrained first): on one of its candidate hosts, move copies
 * of this batch elsewhere until it fits, and keep the change only if every moved copy found a new host.
 * Moved copies stay placed (whatever their priority, so no priority loses anything); existing use never
 * moves. A host-scoped affinity group with members left out moves as a whole to a host that takes all of
 * them. Returns the copies placed. Stops when the budget runs out.
 */
export function repairByMoving(ctx: FilterContext, batch: Batch, assignment: Assignment, classes: readonly RequestClass[], opts: RepairOptions): number {
  const { state } = ctx;
  const open = constrainedFirst(classes, ctx.cluster.hosts.length).filter((c) => assignment[c.index]!.some((a) => a === null));
  if (open.length === 0) return 0;
  const index = new HostIndex(batch, assignment);
  let placed = 0;
  for (const cls of open) {
    const slots = assignment[cls.index]!;
    const sg = cls.prep.serverGroup;
    if (sg?.policy === "affinity" && sg.scope === "host") {
      if (slots.some((x) => x === null)) placed += regroup(ctx, batch, assignment, index, cls, opts);
      continue;
    }
    const order = rankedHosts(ctx, cls, Array.from(cls.hosts), opts);
    for (let k = 0; k < slots.length; k++) {
      if (slots[k] !== null) continue;
      if (opts.budget.expired()) return placed;
      let tried = 0;
      for (const h of order) {
        if (tried++ >= REPAIR_HOSTS) break;
        const one = () => {
          const got = state.tryPlace(cls.prep, h);
          return got === null ? null : [got];
        };
        const got = withRoom(ctx, assignment, index, h, cls, one, (g) => state.remove(cls.prep, g[0]!), opts);
        if (got !== null) {
          slots[k] = got[0]!;
          index.move({ cls, k }, -1, h);
          placed++;
          break;
        }
      }
    }
  }
  return placed;
}

/**
 * A host-scoped affinity group with members left out: all its members (placed or not, every class and
 * priority of the group) move together to a host that takes them all, making room there by moving other
 * copies of the batch if need be. Returns the copies placed that were not before.
 */
function regroup(ctx: FilterContext, batch: Batch, assignment: Assignment, index: HostIndex, cls: RequestClass, opts: RepairOptions): number {
  const { state } = ctx;
  const g = cls.prep.serverGroup!.index;
  const members = batch.classes.filter((c) => c.prep.serverGroup?.index === g);
  const copies: Copy[] = members.flatMap((c) => assignment[c.index]!.map((_, k) => ({ cls: c, k })));
  const old = copies.map((c) => assignment[c.cls.index]![c.k]!);
  const before = old.filter((x) => x !== null).length;
  copies.forEach((c, i) => {
    const o = old[i];
    if (o) {
      state.remove(c.cls.prep, o);
      index.move(c, o[0]!, -1);
    }
  });
  const all = (h: number) => () => {
    const got: Int32Array[] = [];
    for (const c of copies) {
      const one = state.tryPlace(c.cls.prep, h);
      if (one === null) break;
      got.push(one);
    }
    if (got.length === copies.length) return got;
    got.forEach((x, i) => state.remove(copies[i]!.cls.prep, x));
    return null;
  };
  const undo = (got: Int32Array[]) => got.forEach((x, i) => state.remove(copies[i]!.cls.prep, x));
  const hosts = rankedHosts(ctx, cls, Array.from(cls.hosts).filter((h) => members.every((m) => m.hosts.includes(h))), opts);
  for (const h of hosts.slice(0, REPAIR_HOSTS)) {
    if (opts.budget.expired()) break;
    const got = withRoom(ctx, assignment, index, h, cls, all(h), undo, opts);
    if (got !== null) {
      copies.forEach((c, i) => {
        index.move(c, -1, h);
        assignment[c.cls.index]![c.k] = got[i]!;
      });
      return copies.length - before;
    }
  }
  copies.forEach((c, i) => {
    const o = old[i];
    if (o) {
      state.tryPlaceExact(c.cls.prep, o);
      index.move(c, -1, o[0]!);
    }
  });
  return 0;
}
