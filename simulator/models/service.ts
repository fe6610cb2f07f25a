import type { Environment } from "../core/environment";
import type { Sampler } from "../core/distributions";
import type { Rng } from "../core/rng";
import type { RequestTemplate, ServiceSpec } from "../scenario/schema";
import type { Rate } from "../trace/rate";
import { PRIORITY } from "./events";
import type { Fleet, Owner } from "./fleet";

const INITIAL = 1;
const BOOTING = 2;
const RUNNING = 3;
const EVACUATING = 4;

/** One metric bucket of a service, in whole requests: served + dropped = offered. */
export type ServiceBucket = { offered: number; served: number; dropped: number; running: number; booting: number };

/**
 * A service behind a load balancer. Load is a rate: per metric bucket the offered requests are
 * the integral of the rate (rounded with a carried remainder, so the buckets add up to the whole
 * exactly), spread evenly over the bucket; the balancer serves min(offered rate, running x
 * rpsPerInstance) at every instant and drops the rest. Instances are VMs: each launch is a
 * placement through the fleet, then a boot (drawn delay) before it serves.
 *
 * Scaling is target tracking, evaluated at the end of every bucket on the rate just observed:
 * desired = ceil(rate / (rpsPerInstance x targetUtilization)), clamped to min..max. If the last
 * scaling action is at least cooldownSeconds old, it launches or removes up to stepInstances
 * (default: all the difference) against running + booting. Scale-in removes booting instances
 * first, then the most recently started. An instance whose host fails is evacuated (placed again
 * in the failure's batch, then boots again); if it finds no room, the scaler replaces it later.
 */
export class Service implements Owner {
  readonly template: RequestTemplate;
  readonly id: string;
  offered = 0;
  served = 0;
  dropped = 0;
  overloadSeconds = 0;
  peakInstances = 0;
  private readonly owner: number;
  private readonly boot: number;
  private readonly running: number[] = [];
  private readonly booting: number[] = [];
  private readonly capacityPerInstance: number;
  private readonly step: number;
  private lastAction = -Infinity;
  // The bucket in progress.
  private cumulative = 0;
  private bucketRate = 0;
  private bucketOfferedReal = 0;
  private bucketOffered = 0;
  private bucketServedReal = 0;
  private segmentStart = 0;

  constructor(
    private readonly env: Environment,
    private readonly fleet: Fleet,
    private readonly spec: ServiceSpec,
    /** Offered requests per second (loadMultiplier included). */
    private readonly rate: Rate,
    private readonly bootDelay: Sampler,
    private readonly bootRng: Rng,
  ) {
    this.id = spec.id;
    this.template = spec.request;
    this.capacityPerInstance = spec.rpsPerInstance;
    this.step = spec.scaling.stepInstances ?? Infinity;
    this.owner = fleet.addOwner(this);
    this.boot = env.register((slot) => this.onBoot(slot));
  }

  get instances(): number {
    return this.running.length;
  }

  get starting(): number {
    return this.booting.length;
  }

  /** Queues the initial fleet (initialInstances, default minInstances) for the first batch; they serve from time 0. */
  queueInitial(): void {
    const n = this.spec.initialInstances ?? this.spec.minInstances;
    for (let i = 0; i < n; i++) {
      const slot = this.fleet.newSlot(this.owner);
      this.fleet.vmState[slot] = INITIAL;
      this.fleet.queueBatch(slot);
    }
  }

  /** Opens the metric bucket [t0, t1). */
  openBucket(t0: number, t1: number): void {
    const real = this.rate.integral(t0, t1);
    const before = Math.round(this.cumulative);
    this.cumulative += real;
    this.bucketOffered = Math.round(this.cumulative) - before;
    this.bucketOfferedReal = real;
    this.bucketRate = t1 > t0 ? real / (t1 - t0) : 0;
    this.bucketServedReal = 0;
    this.segmentStart = t0;
  }

  /** Accounts the time since the last change at the current number of running instances. */
  private closeSegment(now: number): void {
    const dt = now - this.segmentStart;
    if (dt <= 0) return;
    const capacity = this.running.length * this.capacityPerInstance;
    if (this.bucketRate > capacity) {
      this.bucketServedReal += capacity * dt;
      this.overloadSeconds += dt;
    } else this.bucketServedReal += this.bucketRate * dt;
    this.segmentStart = now;
  }

  /** Closes the bucket at `now`: whole requests served and dropped. */
  closeBucket(now: number): ServiceBucket {
    this.closeSegment(now);
    const offered = this.bucketOffered;
    const share = this.bucketOfferedReal > 0 ? Math.min(1, this.bucketServedReal / this.bucketOfferedReal) : 1;
    const served = Math.min(offered, Math.round(offered * share));
    this.offered += offered;
    this.served += served;
    this.dropped += offered - served;
    return { offered, served, dropped: offered - served, running: this.running.length, booting: this.booting.length };
  }

  /** Target tracking on the rate of the bucket just closed. */
  scale(now: number): void {
    const { minInstances, maxInstances, scaling } = this.spec;
    const need = Math.ceil(this.bucketRate / (this.capacityPerInstance * scaling.targetUtilization) - 1e-9);
    const desired = Math.min(maxInstances, Math.max(minInstances, need));
    const current = this.running.length + this.booting.length;
    if (desired === current || now - this.lastAction < scaling.cooldownSeconds) return;
    this.lastAction = now;
    if (desired > current) {
      const n = Math.min(this.step, desired - current);
      for (let i = 0; i < n; i++) this.launch();
    } else {
      const n = Math.min(this.step, current - desired);
      for (let i = 0; i < n; i++) this.remove();
    }
  }

  private launch(): void {
    const fleet = this.fleet;
    const slot = fleet.newSlot(this.owner);
    if (fleet.launch(slot)) this.startBoot(slot);
    else fleet.freeSlot(slot);
  }

  private startBoot(slot: number): void {
    const fleet = this.fleet;
    fleet.vmState[slot] = BOOTING;
    push(this.booting, fleet, slot);
    fleet.vmEvent[slot] = this.env.schedule(this.bootDelay(this.bootRng), this.boot, slot, 0, PRIORITY.boot);
  }

  private onBoot(slot: number): void {
    const fleet = this.fleet;
    remove(this.booting, fleet, slot);
    this.closeSegment(this.env.now);
    fleet.vmState[slot] = RUNNING;
    push(this.running, fleet, slot);
    if (this.running.length > this.peakInstances) this.peakInstances = this.running.length;
  }

  /** Scale in by one: a booting instance if any, else the newest running one. */
  private remove(): void {
    const fleet = this.fleet;
    let slot: number;
    if (this.booting.length > 0) {
      slot = this.booting[this.booting.length - 1]!;
      remove(this.booting, fleet, slot);
      this.env.cancel(fleet.vmEvent[slot]!);
    } else {
      slot = this.running[this.running.length - 1]!;
      this.closeSegment(this.env.now);
      remove(this.running, fleet, slot);
    }
    fleet.release(slot);
    fleet.freeSlot(slot);
  }

  evicted(slot: number): boolean {
    const fleet = this.fleet;
    if (fleet.vmState[slot] === RUNNING) {
      this.closeSegment(this.env.now);
      remove(this.running, fleet, slot);
    } else if (fleet.vmState[slot] === BOOTING) {
      remove(this.booting, fleet, slot);
      this.env.cancel(fleet.vmEvent[slot]!);
    }
    fleet.vmState[slot] = EVACUATING;
    return true;
  }

  batchPlaced(slot: number, ok: boolean): void {
    const fleet = this.fleet;
    if (!ok) {
      fleet.freeSlot(slot);
      return;
    }
    if (fleet.vmState[slot] === INITIAL) {
      this.closeSegment(this.env.now);
      fleet.vmState[slot] = RUNNING;
      push(this.running, fleet, slot);
      if (this.running.length > this.peakInstances) this.peakInstances = this.running.length;
    } else this.startBoot(slot);
  }
}

/** Lists with O(1) removal: each slot remembers its position (fleet.vmTag); removal swaps in the last. */
function push(list: number[], fleet: Fleet, slot: number): void {
  fleet.vmTag[slot] = list.length;
  list.push(slot);
}

function remove(list: number[], fleet: Fleet, slot: number): void {
  const at = fleet.vmTag[slot]!;
  const last = list.pop()!;
  if (last !== slot) {
    list[at] = last;
    fleet.vmTag[last] = at;
  }
}
