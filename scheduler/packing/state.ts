import type { PackingInstance } from "./types";

/** Relative slack allowed when comparing floating-point loads with capacities. */
const EPS = 1e-9;

/**
 * Mutable packing state over a PackingInstance: loads per bin and dim in a flat typed array, the
 * items of each bin, eligibility as per-bin flags (shared between items with the same list) and a
 * count of conflict-group members per bin. Every mutation keeps these consistent; feasibility
 * checks never mutate.
 */
export class PackState {
  readonly n: number;
  readonly B: number;
  readonly D: number;
  readonly dem: Float64Array;
  readonly cap: Float64Array;
  readonly load: Float64Array;
  readonly tol: Float64Array;
  /** normalised size of each item: sum over dims of demand / reference capacity */
  readonly weight: Float64Array;
  readonly assign: Int32Array;
  readonly binItems: number[][];
  readonly preUsed: Uint8Array;
  private readonly elig: (Uint8Array | null)[];
  private readonly groupsOf: number[][];
  private readonly groupCount = new Map<number, number>();
  private readonly anyGroups: boolean;

  constructor(inst: PackingInstance, initial: Int32Array) {
    const n = inst.items.length, B = inst.bins.length, D = inst.dims;
    this.n = n; this.B = B; this.D = D;
    this.dem = new Float64Array(n * D);
    this.cap = new Float64Array(B * D);
    this.load = new Float64Array(B * D);
    this.tol = new Float64Array(B * D);
    this.preUsed = new Uint8Array(B);
    const ref = new Float64Array(D);
    inst.bins.forEach((bin, b) => {
      this.preUsed[b] = bin.preUsed ? 1 : 0;
      for (let d = 0; d < D; d++) {
        const c = Math.max(0, bin.capacity[d] ?? 0);
        this.cap[b * D + d] = c;
        this.tol[b * D + d] = c + EPS * Math.max(1, c);
        if (c > ref[d]!) ref[d] = c;
      }
    });
    this.weight = new Float64Array(n);
    const eligCache = new Map<Int32Array | string, Uint8Array>();
    this.elig = inst.items.map((item, i) => {
      let w = 0;
      for (let d = 0; d < D; d++) {
        const v = item.demand[d] ?? 0;
        this.dem[i * D + d] = v;
        if (ref[d]! > 0) w += v / ref[d]!;
      }
      this.weight[i] = w;
      const e = item.eligible;
      if (e === null) return null;
      let flags = eligCache.get(e);
      if (!flags) {
        const key = e.length <= 64 ? e.join(",") : null;
        flags = key !== null ? eligCache.get(key) : undefined;
        if (!flags) {
          flags = new Uint8Array(B);
          for (const b of e) if (b >= 0 && b < B) flags[b] = 1;
          if (key !== null) eligCache.set(key, flags);
        }
        eligCache.set(e, flags);
      }
      return flags;
    });
    this.groupsOf = Array.from({ length: n }, () => [] as number[]);
    (inst.conflicts ?? []).forEach((group, g) => {
      for (const i of group) if (i >= 0 && i < n && !this.groupsOf[i]!.includes(g)) this.groupsOf[i]!.push(g);
    });
    this.anyGroups = this.groupsOf.some((g) => g.length > 0);
    this.assign = new Int32Array(n).fill(-1);
    this.binItems = Array.from({ length: B }, () => [] as number[]);
    for (let i = 0; i < n; i++) {
      const b = initial[i] ?? -1;
      if (b >= B) throw new Error(`initial packing puts item ${i} in bin ${b}, but there are ${B} bins`);
      if (b >= 0) this.add(i, b);
    }
  }

  eligible(i: number, b: number): boolean {
    const f = this.elig[i];
    return f === null || f === undefined || f[b] === 1;
  }

  /** true if some item belongs to a conflict group (fixed at construction) */
  hasConflicts(): boolean {
    return this.anyGroups;
  }

  /** true if item i has a conflict-group mate in bin b, ignoring the items in `except` */
  conflicts(i: number, b: number, except?: readonly number[]): boolean {
    const gs = this.groupsOf[i]!;
    if (gs.length === 0) return false;
    for (const g of gs) {
      let c = this.groupCount.get(g * this.B + b) ?? 0;
      if (c === 0) continue;
      if (except) for (const x of except) if (this.groupsOf[x]!.includes(g)) c--;
      if (c > 0) return true;
    }
    return false;
  }

  /** true if items x and i belong to a common conflict group */
  shareGroup(x: number, i: number): boolean {
    const gi = this.groupsOf[i]!;
    if (gi.length === 0) return false;
    for (const g of this.groupsOf[x]!) if (gi.includes(g)) return true;
    return false;
  }

  /** capacity check for adding item i to bin b after removing the items `out` (which are in b) */
  fitsSwap(i: number, b: number, out: readonly number[]): boolean {
    const D = this.D;
    for (let d = 0; d < D; d++) {
      let l = this.load[b * D + d]! + this.dem[i * D + d]!;
      for (const x of out) l -= this.dem[x * D + d]!;
      if (l > this.tol[b * D + d]!) return false;
    }
    return true;
  }

  fits(i: number, b: number): boolean {
    const D = this.D;
    for (let d = 0; d < D; d++) if (this.load[b * D + d]! + this.dem[i * D + d]! > this.tol[b * D + d]!) return false;
    return true;
  }

  /** eligibility, capacity and conflicts for adding i to b */
  canAdd(i: number, b: number): boolean {
    return this.eligible(i, b) && this.fits(i, b) && !this.conflicts(i, b);
  }

  add(i: number, b: number): void {
    const D = this.D;
    for (let d = 0; d < D; d++) this.load[b * D + d]! += this.dem[i * D + d]!;
    this.binItems[b]!.push(i);
    this.assign[i] = b;
    for (const g of this.groupsOf[i]!) {
      const k = g * this.B + b;
      this.groupCount.set(k, (this.groupCount.get(k) ?? 0) + 1);
    }
  }

  remove(i: number): void {
    const b = this.assign[i]!;
    if (b < 0) return;
    const D = this.D;
    for (let d = 0; d < D; d++) this.load[b * D + d]! -= this.dem[i * D + d]!;
    const list = this.binItems[b]!;
    const at = list.indexOf(i);
    list[at] = list[list.length - 1]!;
    list.pop();
    this.assign[i] = -1;
    for (const g of this.groupsOf[i]!) {
      const k = g * this.B + b;
      const c = (this.groupCount.get(k) ?? 0) - 1;
      if (c <= 0) this.groupCount.delete(k); else this.groupCount.set(k, c);
    }
    if (list.length === 0) for (let d = 0; d < D; d++) this.load[b * D + d] = 0;
  }

  /** replace the whole assignment (bin per item, -1 = unplaced) */
  reset(assign: Int32Array): void {
    for (let i = 0; i < this.n; i++) if (this.assign[i]! >= 0) this.remove(i);
    for (let i = 0; i < this.n; i++) if (assign[i]! >= 0) this.add(i, assign[i]!);
  }

  used(b: number): boolean {
    return this.preUsed[b] === 1 || this.binItems[b]!.length > 0;
  }

  usedCount(): number {
    let c = 0;
    for (let b = 0; b < this.B; b++) if (this.used(b)) c++;
    return c;
  }

  /** normalised load of bin b (sum over dims of load / capacity), for fill-based choices */
  fill(b: number): number {
    const D = this.D;
    let f = 0;
    for (let d = 0; d < D; d++) {
      const c = this.cap[b * D + d]!;
      if (c > 0) f += this.load[b * D + d]! / c;
    }
    return f;
  }
}
