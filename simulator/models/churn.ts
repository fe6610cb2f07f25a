import type { Environment } from "../core/environment";
import { exponential } from "../core/distributions";
import type { Sampler } from "../core/distributions";
import type { Rng } from "../core/rng";
import type { RequestTemplate } from "../scenario/schema";
import type { Rate } from "../trace/rate";
import { PRIORITY } from "./events";
import type { Fleet, Owner } from "./fleet";

/** A slot's state (fleet.vmState): placed and living, waiting for room, or gave up while waiting. */
const LIVE = 0;
const WAITING = 1;
const GAVE_UP = 2;

/** What a churn stream does with a request that finds no room: the contract's loss system, or a queue (extension). */
export type WhenFull = { mode: "reject" } | { mode: "wait"; maxWaitSeconds: number };

/** A stream's queue figures (`whenFull: "wait"`). */
export type QueueStats = {
  /** Requests that found no room and waited (those admitted at once are not counted). */
  waited: number;
  /** Waiting requests admitted, and the sum and largest of every admitted request's wait (zero for those admitted at once). */
  admittedAfterWait: number;
  waitSum: number;
  waitMax: number;
  /** Waiting requests that gave up (maxWaitSeconds), counted as rejected. */
  abandoned: number;
  /** Waiting now, and the most at any instant. */
  waiting: number;
  waitingPeak: number;
};

/**
 * VM churn: requests arrive as a Poisson process (constant rate, or piecewise constant from a
 * trace), live for a drawn lifetime and leave. One that cannot be placed on arrival is rejected
 * (lost), or, with `whenFull: "wait"`, waits in a first-come-first-served queue until room comes
 * free (a delay system: Erlang C), giving up after `maxWaitSeconds` if set; its lifetime starts
 * when it is placed. A VM whose host fails is evacuated with its remaining lifetime, or lost if no
 * host has room. Non-homogeneous arrivals are exact: the process is memoryless, so a draw that
 * crosses a step of the rate is redrawn from the step at the new rate (no extra events).
 */
export class Churn implements Owner {
  readonly template: RequestTemplate;
  arrivals = 0;
  lost = 0;
  readonly queue: QueueStats = { waited: 0, admittedAfterWait: 0, waitSum: 0, waitMax: 0, abandoned: 0, waiting: 0, waitingPeak: 0 };
  private readonly owner: number;
  private readonly arrive: number;
  private readonly depart: number;
  private readonly abandon: number;
  /** The queue, first come first served: slots and arrival times from `head` on; a slot whose request gave up is skipped (state GAVE_UP). */
  private waitSlots: number[] = [];
  private waitSince: number[] = [];
  private head = 0;

  constructor(
    private readonly env: Environment,
    private readonly fleet: Fleet,
    readonly id: string,
    template: RequestTemplate,
    /** Arrivals per second. */
    private readonly rate: Rate,
    private readonly lifetime: Sampler,
    private readonly arrivalRng: Rng,
    private readonly lifetimeRng: Rng,
    /** No arrival is drawn after this time. */
    private readonly horizon: number,
    whenFull: WhenFull = { mode: "reject" },
  ) {
    this.template = template;
    this.owner = fleet.addOwner(this);
    this.arrive = env.register(() => this.onArrival());
    this.depart = env.register((slot) => this.onDeparture(slot));
    this.abandon = env.register((slot) => this.onAbandon(slot));
    this.waits = whenFull.mode === "wait";
    this.giveUpAfter = whenFull.mode === "wait" ? whenFull.maxWaitSeconds : Infinity;
  }

  /** True when this stream queues requests that find no room. */
  readonly waits: boolean;
  /** Seconds a waiting request waits before it gives up (Infinity: it never does). */
  private readonly giveUpAfter: number;

  private get givesUp(): boolean {
    return this.giveUpAfter < Infinity;
  }

  start(): void {
    this.scheduleNext();
  }

  private scheduleNext(): void {
    let t = this.env.now;
    while (t <= this.horizon) {
      const lambda = this.rate.at(t);
      const change = this.rate.nextChange(t);
      if (lambda > 0) {
        const next = t + exponential(this.arrivalRng, 1 / lambda);
        if (next < change) {
          if (next <= this.horizon) this.env.scheduleAt(next, this.arrive, 0, 0, PRIORITY.arrival);
          return;
        }
      }
      if (change === Infinity) return;
      t = change;
    }
  }

  private onArrival(): void {
    this.arrivals++;
    const fleet = this.fleet;
    const slot = fleet.newSlot(this.owner);
    if (!this.waits) {
      if (fleet.launch(slot)) this.live(slot);
      else fleet.freeSlot(slot);
    } else {
      fleet.arrived();
      // First come, first served: behind a queue, a request waits even if it would fit.
      if (this.queue.waiting === 0 && fleet.admit(slot)) this.live(slot);
      else this.enqueue(slot);
    }
    this.scheduleNext();
  }

  /** The VM of `slot` was placed: its lifetime starts. */
  private live(slot: number): void {
    this.fleet.vmState[slot] = LIVE;
    this.fleet.vmEvent[slot] = this.env.schedule(this.lifetime(this.lifetimeRng), this.depart, slot, 0, PRIORITY.departure);
  }

  private enqueue(slot: number): void {
    const q = this.queue;
    this.fleet.vmState[slot] = WAITING;
    this.waitSlots.push(slot);
    this.waitSince.push(this.env.now);
    q.waited++;
    if (++q.waiting > q.waitingPeak) q.waitingPeak = q.waiting;
    if (this.givesUp) {
      this.fleet.vmEvent[slot] = this.env.schedule(this.giveUpAfter, this.abandon, slot, 0, PRIORITY.departure);
    }
  }

  /** Room may have come free: admit waiting requests from the head of the queue while they fit. */
  retry(): void {
    const q = this.queue;
    const fleet = this.fleet;
    while (this.head < this.waitSlots.length) {
      const slot = this.waitSlots[this.head]!;
      if (fleet.vmState[slot] === WAITING) {
        if (!fleet.admit(slot)) break;
        if (this.givesUp) this.env.cancel(fleet.vmEvent[slot]!);
        const waited = this.env.now - this.waitSince[this.head]!;
        q.admittedAfterWait++;
        q.waitSum += waited;
        if (waited > q.waitMax) q.waitMax = waited;
        q.waiting--;
        this.live(slot);
      } else fleet.freeSlot(slot); // gave up while waiting; its slot is free once out of the queue
      this.head++;
    }
    // Drop the consumed front now and then (amortised O(1) per request).
    if (this.head > 1024 && this.head * 2 > this.waitSlots.length) {
      this.waitSlots = this.waitSlots.slice(this.head);
      this.waitSince = this.waitSince.slice(this.head);
      this.head = 0;
    }
  }

  private onAbandon(slot: number): void {
    // Still in the queue (an admitted request's timer was cancelled): it gives up, counted as rejected.
    this.fleet.vmState[slot] = GAVE_UP;
    this.queue.abandoned++;
    this.queue.waiting--;
    this.fleet.reject();
  }

  private onDeparture(slot: number): void {
    this.fleet.release(slot);
    this.fleet.freeSlot(slot);
  }

  evicted(): boolean {
    return true; // evacuate; the departure stays scheduled
  }

  batchPlaced(slot: number, ok: boolean): void {
    if (ok) return;
    this.lost++;
    this.env.cancel(this.fleet.vmEvent[slot]!);
    this.fleet.freeSlot(slot);
  }
}
