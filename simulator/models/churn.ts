import type { Environment } from "../core/environment";
import { exponential } from "../core/distributions";
import type { Sampler } from "../core/distributions";
import type { Rng } from "../core/rng";
import type { RequestTemplate } from "../scenario/schema";
import type { Rate } from "../trace/rate";
import { PRIORITY } from "./events";
import type { Fleet, Owner } from "./fleet";

/**
 * VM churn: requests arrive as a Poisson process (constant rate, or piecewise constant from a
 * trace), live for a drawn lifetime and leave. One that cannot be placed on arrival is rejected
 * (lost). A VM whose host fails is evacuated with its remaining lifetime, or lost if no host has
 * room. Non-homogeneous arrivals are exact: the process is memoryless, so a draw that crosses a
 * step of the rate is redrawn from the step at the new rate (no extra events).
 */
export class Churn implements Owner {
  readonly template: RequestTemplate;
  arrivals = 0;
  lost = 0;
  private readonly owner: number;
  private readonly arrive: number;
  private readonly depart: number;

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
  ) {
    this.template = template;
    this.owner = fleet.addOwner(this);
    this.arrive = env.register(() => this.onArrival());
    this.depart = env.register((slot) => this.onDeparture(slot));
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
    if (fleet.launch(slot)) fleet.vmEvent[slot] = this.env.schedule(this.lifetime(this.lifetimeRng), this.depart, slot, 0, PRIORITY.departure);
    else fleet.freeSlot(slot);
    this.scheduleNext();
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
