import type { Allocation, Objective, PlacementProblem, PlacementRequest, Provider, ServerGroup } from "../../scheduler/contract";
import type { OnlinePlacer, Shape } from "../../scheduler/online";
import type { Environment } from "../core/environment";
import type { RequestTemplate } from "../scenario/schema";
import type { Usage } from "./usage";

/** A model that owns VMs (a churn stream, a service) and hears what happens to them. */
export interface Owner {
  readonly template: RequestTemplate;
  /** The VM in `slot` lost its host; its allocations are already released. True: re-place it in the next batch. */
  evicted(slot: number): boolean;
  /** The outcome of a batch placement (initial fleet, evacuation) for a VM of this owner. */
  batchPlaced(slot: number, ok: boolean): void;
}

/** The batch engine's signature (scheduler/index.ts `place`), passed in so the fleet does not load solvers until a batch needs them. */
export type BatchPlace = (problem: PlacementProblem, options: { solver?: "auto" | "glpk" | "highs" | "greedy"; timeLimitMs?: number;
  clock?: () => number; seed?: number }) => Promise<{ placements: { request: string; allocations: Allocation[] }[] }>;

export type PlacementConfig = {
  /**
   * Batches of at most this many VMs go through the online placer one by one, in queue order (a
   * host's evacuation: a MILP and a packing search buy nothing for a handful of VMs and cost
   * a second each); larger ones through the batch engine. 0: every batch through the engine.
   */
  onlineBatchMax: number;
  objective: Objective;
  solver: "auto" | "glpk" | "highs" | "greedy";
  timeLimitMs: number;
  seed: number;
  /** The clock the batch engine measures its budgets with. */
  clock: () => number;
};

/**
 * The VMs of a run and their placement. Every VM is a slot (typed arrays, reused after it leaves);
 * single arrivals go through the online placer, batches (the initial fleet, the evacuation after a
 * failure) through the batch engine `place()` with the scenario's solver, whose choices are then
 * committed to the online placer as pinned requests so that one placer holds the truth.
 */
export class Fleet {
  requested = 0;
  placed = 0;
  rejected = 0;
  /** Simulated time of the first rejection (undefined: none). */
  firstRejectedAt: number | undefined = undefined;
  /** Placements and rejections since the metrics last read and reset them. */
  bucketPlaced = 0;
  bucketRejected = 0;
  live = 0;
  readonly owners: Owner[] = [];
  vmOwner = new Int32Array(1024);
  /** Free for owners: a position in the owner's own lists. */
  vmTag = new Int32Array(1024);
  /** Free for owners: the VM's pending event id. */
  vmEvent = new Float64Array(1024);
  /** Free for owners: a small state code. */
  vmState = new Uint8Array(1024);
  /** The online placer's token of what each slot's VM holds (-1: nothing). */
  private vmToken = new Int32Array(1024).fill(-1);
  /** Per owner: its request shape, compiled once by the placer, and what each allocation asks in Usage's form (from the first placement). */
  private readonly shapes: Shape[] = [];
  private readonly groups: (Float64Array | undefined)[] = [];
  /** Scratch for a VM's providers (a request has at most a few storage and network groups). */
  private held = new Int32Array(64);
  private freeSlots: number[] = [];
  private slots = 0;
  private batch: number[] = [];
  private readonly downDepth: Int32Array;
  private readonly justDown: Uint8Array;
  hostsDown = 0;

  constructor(
    private readonly env: Environment,
    private readonly providers: readonly Provider[],
    private readonly serverGroups: readonly ServerGroup[] | undefined,
    private readonly online: OnlinePlacer,
    private readonly usage: Usage,
    private readonly batchPlace: () => Promise<BatchPlace>,
    private readonly config: PlacementConfig,
  ) {
    this.downDepth = new Int32Array(providers.length);
    this.justDown = new Uint8Array(providers.length);
  }

  addOwner(owner: Owner): number {
    this.owners.push(owner);
    this.shapes.push(this.online.shape(owner.template));
    this.groups.push(undefined);
    return this.owners.length - 1;
  }

  /** A new VM slot for `owner`, not yet placed. */
  newSlot(owner: number): number {
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.growSlot();
    this.vmOwner[slot] = owner;
    this.vmState[slot] = 0;
    return slot;
  }

  private growSlot(): number {
    const slot = this.slots++;
    if (slot === this.vmOwner.length) {
      const n = slot * 2;
      const grow = <T extends Int32Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(n);
        b.set(a);
        return b;
      };
      this.vmOwner = grow(this.vmOwner, (k) => new Int32Array(k));
      this.vmTag = grow(this.vmTag, (k) => new Int32Array(k));
      this.vmEvent = grow(this.vmEvent, (k) => new Float64Array(k));
      this.vmState = grow(this.vmState, (k) => new Uint8Array(k));
      this.vmToken = grow(this.vmToken, (k) => new Int32Array(k).fill(-1));
    }
    return slot;
  }

  /** Gives a slot back (its VM must hold nothing). */
  freeSlot(slot: number): void {
    if (this.vmToken[slot] !== -1) throw new Error(`slot ${slot} still holds allocations`);
    this.freeSlots.push(slot);
  }

  /** The slot's VM as a placement request (for a batch problem): ids are `vm<slot>`. */
  private request(slot: number): PlacementRequest {
    return { ...this.owners[this.vmOwner[slot]!]!.template, id: `vm${slot}` };
  }

  /** Places the VM of `slot` now through the online placer. False: rejected (counted). */
  launch(slot: number): boolean {
    this.requested++;
    if (this.admit(slot)) return true;
    this.reject();
    return false;
  }

  /** Places the VM of `slot` if there is room now, counting only a success (a request that waits for room was counted when it arrived). */
  admit(slot: number): boolean {
    const token = this.online.placeShape(this.shapes[this.vmOwner[slot]!]!);
    if (token < 0) return false;
    this.hold(slot, token);
    return true;
  }

  /** Counts a request that arrived (for one that will wait instead of being placed or rejected now). */
  arrived(): void {
    this.requested++;
  }

  /** Counts a rejection (a waiting request that gave up). */
  reject(): void {
    if (this.rejected === 0) this.firstRejectedAt = this.env.now;
    this.rejected++;
    this.bucketRejected++;
  }

  /**
   * Called when capacity may have come free on a provider that is up (a VM left, or a provider
   * came back): owners with requests waiting for room try them. Not during an evacuation, whose
   * VMs have the first claim (their batch runs before the event loop goes on).
   */
  onRoom: (() => void) | undefined = undefined;
  private evacuating = false;

  private hold(slot: number, token: number): void {
    const owner = this.vmOwner[slot]!;
    let groups = this.groups[owner];
    if (groups === undefined) groups = this.groups[owner] = this.usage.compileGroups(this.online.allocationsOf(token));
    this.vmToken[slot] = token;
    const n = this.online.providersInto(token, this.held);
    this.usage.apply(groups, this.held, n, 1, this.env.now);
    this.placed++;
    this.bucketPlaced++;
    this.live++;
  }

  /** Frees what the VM of `slot` holds (it leaves, scales in, or its host failed). */
  release(slot: number): void {
    const token = this.vmToken[slot]!;
    if (token < 0) throw new Error(`slot ${slot} holds nothing`);
    const n = this.online.providersInto(token, this.held);
    this.usage.apply(this.groups[this.vmOwner[slot]!]!, this.held, n, -1, this.env.now);
    this.online.releaseToken(token);
    this.vmToken[slot] = -1;
    this.live--;
    if (this.onRoom !== undefined && !this.evacuating) this.onRoom();
  }

  holds(slot: number): boolean {
    return this.vmToken[slot] !== -1;
  }

  /** Queues the VM of `slot` for the next batch placement and makes the event loop pause for it. */
  queueBatch(slot: number): void {
    this.batch.push(slot);
    this.env.stop();
  }

  get batchPending(): boolean {
    return this.batch.length > 0;
  }

  /**
   * Takes providers down (or back up: nesting counts, so a host in a failed rack that also fails
   * alone comes back when both are repaired). VMs holding anything on a provider that went down
   * are released and offered to their owners for evacuation.
   */
  setDown(providers: readonly number[], down: boolean): void {
    let any = false;
    for (const p of providers) {
      const depth = this.downDepth[p]! + (down ? 1 : -1);
      if (depth < 0) throw new Error(`provider ${this.providers[p]!.id} repaired more often than it failed`);
      this.downDepth[p] = depth;
      if (down && depth === 1) {
        this.online.setProviderDown(this.providers[p]!.id, true);
        this.justDown[p] = 1;
        if (this.usage.isHost[p]) this.hostsDown++;
        any = true;
      } else if (!down && depth === 0) {
        this.online.setProviderDown(this.providers[p]!.id, false);
        if (this.usage.isHost[p]) this.hostsDown--;
      }
    }
    if (!down && this.onRoom !== undefined) this.onRoom();
    if (!any) return;
    this.evacuating = true;
    for (let slot = 0; slot < this.slots; slot++) {
      const token = this.vmToken[slot]!;
      if (token < 0) continue;
      const n = this.online.providersInto(token, this.held);
      let hit = false;
      for (let g = 0; g < n; g++) if (this.justDown[this.held[g]!] === 1) hit = true;
      if (!hit) continue;
      this.release(slot);
      if (this.owners[this.vmOwner[slot]!]!.evicted(slot)) this.queueBatch(slot);
    }
    this.evacuating = false;
    for (const p of providers) this.justDown[p] = 0;
  }

  /**
   * Places the queued VMs together through the batch engine, on the providers that are up with
   * what they hold now, then commits each choice through the online placer (pinned to the chosen
   * host; if that host now refuses, e.g. for a server-group member the batch did not see, the online
   * placer chooses). Every VM counts as one placement request.
   */
  async flushBatch(): Promise<void> {
    const slots = this.batch;
    this.batch = [];
    if (slots.length === 0) return;
    if (slots.length <= this.config.onlineBatchMax) {
      for (const slot of slots) this.owners[this.vmOwner[slot]!]!.batchPlaced(slot, this.launch(slot));
      return;
    }
    const up: Provider[] = [];
    const upIds = new Set<string>();
    this.providers.forEach((p, i) => {
      if (this.downDepth[i] === 0) {
        up.push({ ...p, used: this.usage.usedRecord(i) });
        upIds.add(p.id);
      }
    });
    // A request pinned to a host that is down cannot go into the problem (it names a provider the snapshot lacks); the online placer refuses it below.
    const requests = slots.map((slot) => this.request(slot)).filter((r) => r.pinnedHost === undefined || upIds.has(r.pinnedHost));
    const chosen = new Map<string, string>();
    if (requests.length > 0 && up.some((p) => p.kind === "host")) {
      const place = await this.batchPlace();
      const problem: PlacementProblem = {
        providers: up,
        requests,
        serverGroups: this.serverGroups === undefined ? undefined : [...this.serverGroups],
        policy: { objective: this.config.objective, timeLimitMs: this.config.timeLimitMs },
      };
      const result = await place(problem, { solver: this.config.solver, timeLimitMs: this.config.timeLimitMs, clock: this.config.clock, seed: this.config.seed });
      for (const placement of result.placements) {
        const host = placement.allocations.find((a) => this.usage.isHost[this.usage.providerIndex.get(a.provider)!] === 1);
        if (host) chosen.set(placement.request, host.provider);
      }
    }
    for (const slot of slots) {
      const owner = this.vmOwner[slot]!;
      const host = chosen.get(`vm${slot}`);
      let token = host === undefined ? -1 : this.online.placeShape(this.online.shape({ ...this.owners[owner]!.template, pinnedHost: host }));
      if (token < 0 && host !== undefined) token = this.online.placeShape(this.shapes[owner]!);
      this.requested++;
      if (token >= 0) this.hold(slot, token);
      else this.reject();
      this.owners[owner]!.batchPlaced(slot, token >= 0);
    }
  }
}
