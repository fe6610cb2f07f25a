import type { Provider } from "../../scheduler/contract";
import type { Environment } from "../core/environment";
import { exponential } from "../core/distributions";
import type { Rng } from "../core/rng";
import type { FailureSpec } from "../scenario/schema";
import { PRIORITY } from "./events";
import type { Fleet } from "./fleet";

/** The providers a failure target names: a provider id, else every provider of that rack, else of that zone. */
export function resolveTarget(providers: readonly Provider[], target: string): number[] {
  const byId = providers.findIndex((p) => p.id === target);
  if (byId >= 0) return [byId];
  const rack = providers.flatMap((p, i) => (p.rack === target ? [i] : []));
  if (rack.length > 0) return rack;
  return providers.flatMap((p, i) => (p.zone === target ? [i] : []));
}

/**
 * Failures: planned ones (at a second, a provider, rack or zone goes down, and comes back after
 * repairSeconds if given) and random host failures (each host fails after an exponential time
 * with mean MTBF and is repaired after an exponential time with mean MTTR, again and again).
 * A failure takes its providers down in the fleet, which evacuates what they held.
 */
export class Failures {
  events = 0;
  private readonly planned: { providers: number[]; repair: number | undefined }[] = [];
  private readonly fail: number;
  private readonly repair: number;
  private readonly hostFail: number;
  private readonly hostRepair: number;
  private mtbf = 0;
  private mttr = 0;
  private readonly hosts: number[];

  constructor(
    private readonly env: Environment,
    private readonly fleet: Fleet,
    providers: readonly Provider[],
    specs: readonly FailureSpec[],
    private readonly rng: Rng,
  ) {
    this.hosts = providers.flatMap((p, i) => (p.kind === "host" ? [i] : []));
    this.fail = env.register((k) => this.onPlanned(k));
    this.repair = env.register((k) => this.onPlannedRepair(k));
    this.hostFail = env.register((h) => this.onHostFail(h));
    this.hostRepair = env.register((h) => this.onHostRepair(h));
    for (const spec of specs) {
      if ("target" in spec) {
        this.planned.push({ providers: resolveTarget(providers, spec.target), repair: spec.repairSeconds });
        env.scheduleAt(spec.at, this.fail, this.planned.length - 1, 0, PRIORITY.failure);
      } else {
        // At most one such entry (checkScenario says so).
        this.mtbf = spec.hostMtbfHours;
        this.mttr = spec.hostMttrHours;
      }
    }
    if (this.mtbf > 0) for (const h of this.hosts) this.scheduleHostFailure(h);
  }

  private scheduleHostFailure(h: number): void {
    this.env.schedule(exponential(this.rng, this.mtbf * 3600), this.hostFail, h, 0, PRIORITY.failure);
  }

  private onPlanned(k: number): void {
    const f = this.planned[k]!;
    this.events++;
    this.fleet.setDown(f.providers, true);
    if (f.repair !== undefined) this.env.schedule(f.repair, this.repair, k, 0, PRIORITY.repair);
  }

  private onPlannedRepair(k: number): void {
    this.fleet.setDown(this.planned[k]!.providers, false);
  }

  private onHostFail(h: number): void {
    this.events++;
    this.fleet.setDown([h], true);
    this.env.schedule(exponential(this.rng, this.mttr * 3600), this.hostRepair, h, 0, PRIORITY.repair);
  }

  private onHostRepair(h: number): void {
    this.fleet.setDown([h], false);
    this.scheduleHostFailure(h);
  }
}
