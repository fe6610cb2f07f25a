import { capacityOf } from "../../scheduler/capacity";
import type { Allocation, Provider } from "../../scheduler/contract";

/** Kinds of shared providers whose utilisation is reported per class (beside the hosts'). */
export const SHARED_KINDS = ["storage", "network"] as const;

/**
 * What is allocated where, in typed arrays: used amount per (provider, resource class), with sums
 * over all hosts and per zone, and their integrals over time (for mean utilisation). Updated on
 * every allocation and release; `accrue` is lazy, once per change of the clock.
 */
export class Usage {
  readonly P: number;
  readonly C: number;
  readonly classes: string[];
  readonly zones: string[];
  readonly providerIndex = new Map<string, number>();
  readonly classIndex = new Map<string, number>();
  readonly isHost: Uint8Array;
  readonly zoneOf: Int32Array;
  /** Used amount per provider x class, starting from the providers' own `used`. */
  readonly used: Float64Array;
  /** (total - reserved) x allocationRatio per provider x class. */
  readonly cap: Float64Array;
  /** Allocations held on each provider (simulated consumers only). */
  readonly consumers: Int32Array;
  private readonly preUsed: Uint8Array;
  /** Per class over all hosts, then per zone x class: capacity, used now, and used x seconds. */
  readonly hostCap: Float64Array;
  readonly hostUsed: Float64Array;
  readonly hostArea: Float64Array;
  readonly zoneCap: Float64Array;
  readonly zoneUsed: Float64Array;
  readonly zoneArea: Float64Array;
  /** The same over the shared providers (storage backends, then networks: `SHARED_KINDS`) x class. */
  readonly sharedCap: Float64Array;
  readonly sharedUsed: Float64Array;
  readonly sharedArea: Float64Array;
  /** Per provider: its index in SHARED_KINDS, or -1 (a host). */
  readonly sharedKindOf: Int8Array;
  /** Hosts with any allocation (existing use counts), and the peak of that count. */
  hostsInUse = 0;
  hostsInUsePeak = 0;
  private last = 0;

  constructor(providers: readonly Provider[]) {
    this.P = providers.length;
    const classes = new Set<string>();
    const zones = new Set<string>();
    for (const p of providers) {
      if (p.kind === "host") for (const rc of Object.keys(p.inventory)) classes.add(rc);
      if (p.kind === "host" && p.zone !== undefined) zones.add(p.zone);
    }
    for (const p of providers) for (const rc of Object.keys(p.inventory)) classes.add(rc);
    this.classes = [...classes];
    this.zones = [...zones].sort();
    this.classes.forEach((rc, c) => this.classIndex.set(rc, c));
    const C = (this.C = this.classes.length);
    const Z = this.zones.length;
    this.isHost = new Uint8Array(this.P);
    this.zoneOf = new Int32Array(this.P).fill(-1);
    this.used = new Float64Array(this.P * C);
    this.cap = new Float64Array(this.P * C);
    this.consumers = new Int32Array(this.P);
    this.preUsed = new Uint8Array(this.P);
    this.hostCap = new Float64Array(C);
    this.hostUsed = new Float64Array(C);
    this.hostArea = new Float64Array(C);
    this.zoneCap = new Float64Array(Z * C);
    this.zoneUsed = new Float64Array(Z * C);
    this.zoneArea = new Float64Array(Z * C);
    this.sharedCap = new Float64Array(SHARED_KINDS.length * C);
    this.sharedUsed = new Float64Array(SHARED_KINDS.length * C);
    this.sharedArea = new Float64Array(SHARED_KINDS.length * C);
    this.sharedKindOf = new Int8Array(this.P).fill(-1);
    providers.forEach((p, i) => {
      this.providerIndex.set(p.id, i);
      this.isHost[i] = p.kind === "host" ? 1 : 0;
      if (p.kind === "host" && p.zone !== undefined) this.zoneOf[i] = this.zones.indexOf(p.zone);
      for (const [rc, inv] of Object.entries(p.inventory)) {
        const c = this.classIndex.get(rc)!;
        this.cap[i * C + c] = capacityOf(inv);
      }
      for (const [rc, amount] of Object.entries(p.used ?? {})) {
        const c = this.classIndex.get(rc);
        if (c !== undefined && amount > 0) {
          this.used[i * C + c] = amount;
          this.preUsed[i] = 1;
        }
      }
      const sk = (SHARED_KINDS as readonly string[]).indexOf(p.kind);
      this.sharedKindOf[i] = sk;
      if (sk >= 0) {
        for (let c = 0; c < C; c++) {
          this.sharedCap[sk * C + c] = this.sharedCap[sk * C + c]! + this.cap[i * C + c]!;
          this.sharedUsed[sk * C + c] = this.sharedUsed[sk * C + c]! + this.used[i * C + c]!;
        }
      }
      if (p.kind === "host") {
        const z = this.zoneOf[i]!;
        for (let c = 0; c < C; c++) {
          this.hostCap[c] = this.hostCap[c]! + this.cap[i * C + c]!;
          this.hostUsed[c] = this.hostUsed[c]! + this.used[i * C + c]!;
          if (z >= 0) {
            this.zoneCap[z * C + c] = this.zoneCap[z * C + c]! + this.cap[i * C + c]!;
            this.zoneUsed[z * C + c] = this.zoneUsed[z * C + c]! + this.used[i * C + c]!;
          }
        }
        if (this.preUsed[i]) this.hostsInUse++;
      }
    });
    this.hostsInUsePeak = this.hostsInUse;
  }

  /** Integrates the used amounts up to `now`. */
  accrue(now: number): void {
    const dt = now - this.last;
    if (dt <= 0) return;
    for (let c = 0; c < this.C; c++) this.hostArea[c] = this.hostArea[c]! + this.hostUsed[c]! * dt;
    for (let k = 0; k < this.zoneUsed.length; k++) this.zoneArea[k] = this.zoneArea[k]! + this.zoneUsed[k]! * dt;
    for (let k = 0; k < this.sharedUsed.length; k++) this.sharedArea[k] = this.sharedArea[k]! + this.sharedUsed[k]! * dt;
    this.last = now;
  }

  /**
   * What each of a request's allocations asks, in index form, without the provider: per allocation
   * its number of classes, then (class, amount) pairs. The same for every copy of a request shape;
   * the providers come with each placement (`apply`).
   */
  compileGroups(allocations: readonly Allocation[]): Float64Array {
    let n = 0;
    for (let k = 0; k < allocations.length; k++) {
      n += 1;
      for (const _ in allocations[k]!.resources) n += 2;
    }
    const out = new Float64Array(n);
    let at = 0;
    for (let k = 0; k < allocations.length; k++) {
      const a = allocations[k]!;
      const count = at++;
      for (const rc in a.resources) {
        const c = this.classIndex.get(rc);
        if (c === undefined) throw new Error(`allocation of unknown class '${rc}'`);
        out[at++] = c;
        out[at++] = a.resources[rc]!;
        out[count]!++;
      }
    }
    return out;
  }

  /**
   * Adds (sign 1) or removes (sign -1) one placement at time `now`: allocation g < n asks what
   * `groups` (from `compileGroups`) lists as its g-th entry, of provider `providers[g]`.
   */
  apply(groups: Float64Array, providers: Int32Array, n: number, sign: 1 | -1, now: number): void {
    this.accrue(now);
    const C = this.C;
    let k = 0;
    for (let g = 0; g < n; g++) {
      const p = providers[g]!;
      const classes = groups[k++]!;
      const host = this.isHost[p] === 1;
      const z = this.zoneOf[p]!;
      const sk = this.sharedKindOf[p]!;
      const before = this.consumers[p]!;
      this.consumers[p] = before + sign;
      for (let j = 0; j < classes; j++) {
        const c = groups[k++]!;
        const amount = sign * groups[k++]!;
        this.used[p * C + c] = this.used[p * C + c]! + amount;
        if (host) {
          this.hostUsed[c] = this.hostUsed[c]! + amount;
          if (z >= 0) this.zoneUsed[z * C + c] = this.zoneUsed[z * C + c]! + amount;
        } else if (sk >= 0) this.sharedUsed[sk * C + c] = this.sharedUsed[sk * C + c]! + amount;
      }
      if (host && this.preUsed[p] === 0) {
        if (before === 0 && sign === 1) {
          if (++this.hostsInUse > this.hostsInUsePeak) this.hostsInUsePeak = this.hostsInUse;
        } else if (before === 1 && sign === -1) this.hostsInUse--;
      }
    }
  }

  /** The provider's used amounts as a record (for a placement problem snapshot). */
  usedRecord(p: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (let c = 0; c < this.C; c++) {
      const u = this.used[p * this.C + c]!;
      if (u > 0) out[this.classes[c]!] = u;
    }
    return out;
  }
}
