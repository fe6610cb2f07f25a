import { describe, expect, it } from "vitest";
import type { Provider } from "../../scheduler/contract";
import { createOnlinePlacer } from "../../scheduler/online";
import { Environment } from "../core/environment";
import type { RequestTemplate } from "../scenario/schema";
import { hosts, vcpu } from "../testing/scenarios";
import { Fleet, type BatchPlace, type Owner, type PlacementConfig } from "./fleet";
import { Usage } from "./usage";

/** An owner that records what the fleet tells it; `requeue` answers `evicted`. */
class Recorder implements Owner {
  evictedSlots: number[] = [];
  outcomes: [number, boolean][] = [];
  constructor(readonly template: RequestTemplate, private readonly requeue = true) {}
  evicted(slot: number): boolean {
    this.evictedSlots.push(slot);
    return this.requeue;
  }
  batchPlaced(slot: number, ok: boolean): void {
    this.outcomes.push([slot, ok]);
  }
}

type Setup = { providers?: Provider[]; batchPlace?: BatchPlace; config?: Partial<PlacementConfig> };

/** A fleet over real parts (clock, usage, the scheduler's online placer); the batch engine is a stub unless given. */
function setup({ providers = hosts(2, 4), batchPlace, config }: Setup = {}) {
  const env = new Environment();
  const usage = new Usage(providers);
  const online = createOnlinePlacer({ providers, objective: "pack", seed: 1 });
  let loads = 0;
  const fleet = new Fleet(env, providers, undefined, online, usage, async () => {
    loads++;
    return batchPlace ?? (async () => ({ placements: [] }));
  }, { onlineBatchMax: 0, objective: "pack", solver: "greedy", timeLimitMs: 100, seed: 1, clock: () => 0, ...config });
  const vcpuClass = usage.classIndex.get("VCPU")!;
  /** VCPU used on the provider `id`, as the usage arrays hold it. */
  const usedOn = (id: string) => usage.used[usage.providerIndex.get(id)! * usage.C + vcpuClass]!;
  return { env, usage, online, fleet, usedOn, loads: () => loads };
}

/** Launches `n` VMs of `owner`, returning the slots of those placed. */
function launchMany(fleet: Fleet, owner: number, n: number): number[] {
  const placed: number[] = [];
  for (let i = 0; i < n; i++) {
    const slot = fleet.newSlot(owner);
    if (fleet.launch(slot)) placed.push(slot);
    else fleet.freeSlot(slot);
  }
  return placed;
}

describe("online launches and releases", () => {
  it("places while a host has room, then rejects, counting each and timing the first rejection", () => {
    // Two hosts of 4 VCPU and VMs of 3: one VM per host (1 VCPU is left on each), the third finds no room.
    const { env, fleet, usage, usedOn } = setup();
    const owner = fleet.addOwner(new Recorder(vcpu(3)));
    expect(launchMany(fleet, owner, 2)).toHaveLength(2);
    expect(fleet.firstRejectedAt).toBeUndefined();
    env.now = 42;
    expect(launchMany(fleet, owner, 1)).toHaveLength(0);
    env.now = 50;
    expect(launchMany(fleet, owner, 1)).toHaveLength(0);
    expect(fleet).toMatchObject({ requested: 4, placed: 2, rejected: 2, live: 2, bucketPlaced: 2, bucketRejected: 2, firstRejectedAt: 42 });
    expect([usedOn("h-1"), usedOn("h-2")]).toEqual([3, 3]);
    expect(usage.hostUsed[usage.classIndex.get("VCPU")!]).toBe(6);
  });

  it("a release gives the capacity back: the next VM fits where it could not before", () => {
    const { fleet, usedOn } = setup({ providers: hosts(1, 4) });
    const owner = fleet.addOwner(new Recorder(vcpu(3)));
    const [first] = launchMany(fleet, owner, 1);
    expect(launchMany(fleet, owner, 1)).toHaveLength(0);
    fleet.release(first!);
    expect(fleet.holds(first!)).toBe(false);
    expect(usedOn("h-1")).toBe(0);
    expect(fleet.live).toBe(0);
    fleet.freeSlot(first!);
    const again = launchMany(fleet, owner, 1);
    expect(again).toEqual([first]); // the freed slot is reused
    expect(usedOn("h-1")).toBe(3);
    expect(fleet).toMatchObject({ requested: 3, placed: 2, rejected: 1, live: 1 });
  });

  it("a request that waits is counted once on arrival; admit counts only the success", () => {
    const { fleet } = setup({ providers: hosts(1, 4) });
    const owner = fleet.addOwner(new Recorder(vcpu(4)));
    const a = fleet.newSlot(owner);
    const b = fleet.newSlot(owner);
    fleet.arrived();
    fleet.arrived();
    expect(fleet.admit(a)).toBe(true);
    expect(fleet.admit(b)).toBe(false);
    expect(fleet).toMatchObject({ requested: 2, placed: 1, rejected: 0 });
    fleet.reject();
    expect(fleet).toMatchObject({ requested: 2, placed: 1, rejected: 1 });
  });

  it("refuses to free a slot that still holds something, or to release one that holds nothing", () => {
    const { fleet } = setup();
    const owner = fleet.addOwner(new Recorder(vcpu(1)));
    const [slot] = launchMany(fleet, owner, 1);
    expect(() => fleet.freeSlot(slot!)).toThrow(/still holds/);
    fleet.release(slot!);
    expect(() => fleet.release(slot!)).toThrow(/holds nothing/);
  });

  it("grows its slot arrays past their first size, keeping what owners wrote in them", () => {
    // 1,500 VMs of 1 VCPU on 3 hosts of 512: every one fits, and the arrays start at 1,024 slots.
    const { fleet, usedOn } = setup({ providers: hosts(3, 512) });
    const owner = fleet.addOwner(new Recorder(vcpu(1)));
    const slots = launchMany(fleet, owner, 1000);
    for (const s of slots) {
      fleet.vmTag[s] = s * 7;
      fleet.vmEvent[s] = s + 0.5;
      fleet.vmState[s] = s % 200;
    }
    expect(launchMany(fleet, owner, 536)).toHaveLength(536);
    expect(slots.every((s) => fleet.vmTag[s] === s * 7 && fleet.vmEvent[s] === s + 0.5 && fleet.vmState[s] === s % 200)).toBe(true);
    expect(slots.every((s) => fleet.holds(s) && fleet.vmOwner[s] === owner)).toBe(true);
    expect(usedOn("h-1") + usedOn("h-2") + usedOn("h-3")).toBe(1536);
    expect(fleet.live).toBe(1536);
  });
});

describe("providers down and up", () => {
  it("a host going down releases its VMs, asks their owners, queues those who want it, and pauses the loop", () => {
    // Pack: VMs of 2 VCPU fill h-1 (4 VCPU) before h-2.
    const { env, fleet, usedOn } = setup();
    const stays = new Recorder(vcpu(2), true);
    const gives = new Recorder(vcpu(2), false);
    const a = fleet.addOwner(stays);
    const b = fleet.addOwner(gives);
    const [s1] = launchMany(fleet, a, 1);
    const [s2] = launchMany(fleet, b, 1);
    const [s3] = launchMany(fleet, a, 1);
    expect([usedOn("h-1"), usedOn("h-2")]).toEqual([4, 2]);
    let stops = 0;
    const stop = env.stop.bind(env);
    env.stop = () => {
      stops++;
      stop();
    };
    fleet.setDown([0], true);
    expect(fleet.hostsDown).toBe(1);
    expect(stays.evictedSlots).toEqual([s1]);
    expect(gives.evictedSlots).toEqual([s2]);
    expect([fleet.holds(s1!), fleet.holds(s2!), fleet.holds(s3!)]).toEqual([false, false, true]);
    expect(usedOn("h-1")).toBe(0);
    expect(fleet.live).toBe(1);
    expect(fleet.batchPending).toBe(true);
    expect(stops).toBe(1);
  });

  it("nests: a host down twice comes back after the second repair only, and more repairs than failures throw", () => {
    const { fleet } = setup({ providers: hosts(1, 4) });
    const owner = fleet.addOwner(new Recorder(vcpu(1)));
    fleet.setDown([0], true);
    fleet.setDown([0], true);
    expect(fleet.hostsDown).toBe(1);
    fleet.setDown([0], false);
    expect(fleet.hostsDown).toBe(1);
    expect(launchMany(fleet, owner, 1)).toHaveLength(0);
    fleet.setDown([0], false);
    expect(fleet.hostsDown).toBe(0);
    expect(launchMany(fleet, owner, 1)).toHaveLength(1);
    expect(() => fleet.setDown([0], false)).toThrow(/repaired more often than it failed/);
  });

  it("tells waiting owners of room on a release and a repair, but not during an evacuation", () => {
    const { fleet } = setup();
    const owner = fleet.addOwner(new Recorder(vcpu(1), false));
    expect(launchMany(fleet, owner, 2)).toHaveLength(2);
    let calls = 0;
    fleet.onRoom = () => calls++;
    fleet.setDown([0], true); // releases both VMs on h-1: no call while evacuating
    expect(fleet.live).toBe(0);
    expect(calls).toBe(0);
    fleet.setDown([0], false);
    expect(calls).toBe(1);
    const [again] = launchMany(fleet, owner, 1);
    fleet.release(again!);
    expect(calls).toBe(2);
  });
});

describe("batches", () => {
  it("a batch within onlineBatchMax is placed online, in queue order, without loading the engine", async () => {
    // Two hosts of 4, VMs of 3: the first two queued fit, the third does not.
    const { fleet, loads } = setup({ config: { onlineBatchMax: 3 } });
    const rec = new Recorder(vcpu(3));
    const owner = fleet.addOwner(rec);
    const slots = [fleet.newSlot(owner), fleet.newSlot(owner), fleet.newSlot(owner)];
    for (const s of slots) fleet.queueBatch(s);
    await fleet.flushBatch();
    expect(loads()).toBe(0);
    expect(rec.outcomes).toEqual([[slots[0], true], [slots[1], true], [slots[2], false]]);
    expect(fleet).toMatchObject({ requested: 3, placed: 2, rejected: 1 });
    expect(fleet.batchPending).toBe(false);
  });

  it("a larger batch goes to the engine with the providers that are up and what they hold, and its hosts are kept", async () => {
    // Three hosts of 8; h-1 holds one VM of 2 VCPU, h-2 is down. The engine puts both queued VMs on h-3.
    const seen: { providers: { id: string; used?: Record<string, number> }[]; requests: string[]; options: object }[] = [];
    const batchPlace: BatchPlace = async (problem, options) => {
      seen.push({ providers: problem.providers.map((p) => ({ id: p.id, used: p.used })), requests: problem.requests.map((r) => r.id), options });
      return { placements: problem.requests.map((r) => ({ request: r.id, allocations: [{ provider: "h-3", resources: { VCPU: 2 } }] })) };
    };
    const clock = () => 0;
    const { fleet, usedOn } = setup({ providers: hosts(3, 8), batchPlace, config: { solver: "highs", timeLimitMs: 250, seed: 9, clock } });
    const rec = new Recorder(vcpu(2));
    const owner = fleet.addOwner(rec);
    launchMany(fleet, owner, 1);
    fleet.setDown([1], true);
    const slots = [fleet.newSlot(owner), fleet.newSlot(owner)];
    for (const s of slots) fleet.queueBatch(s);
    await fleet.flushBatch();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.providers.map((p) => p.id)).toEqual(["h-1", "h-3"]);
    expect(seen[0]!.providers[0]!.used).toMatchObject({ VCPU: 2 });
    expect(seen[0]!.requests).toEqual(slots.map((s) => `vm${s}`));
    expect(seen[0]!.options).toEqual({ solver: "highs", timeLimitMs: 250, clock, seed: 9 });
    // Pack online would have chosen h-1 (it has room and is in use); the engine's h-3 is kept.
    expect([usedOn("h-1"), usedOn("h-2"), usedOn("h-3")]).toEqual([2, 0, 4]);
    expect(rec.outcomes).toEqual([[slots[0], true], [slots[1], true]]);
    expect(fleet).toMatchObject({ requested: 3, placed: 3, rejected: 0 });
  });

  it("a host the engine chose that now refuses falls back to the online placer; a VM the engine left out is rejected", async () => {
    // One host of 4 and one of 8. The engine sends both VMs of 3 to h-1 (room for one): the second
    // goes where the online placer puts it (h-2). A third request the engine does not place is rejected.
    const batchPlace: BatchPlace = async (problem) => ({
      placements: problem.requests.slice(0, 2).map((r) => ({ request: r.id, allocations: [{ provider: "h-1", resources: { VCPU: 3 } }] })),
    });
    const providers = [...hosts(1, 4), ...hosts(1, 8, { prefix: "big" })];
    const { fleet, usedOn } = setup({ providers, batchPlace });
    const rec = new Recorder(vcpu(3));
    const owner = fleet.addOwner(rec);
    const slots = [fleet.newSlot(owner), fleet.newSlot(owner), fleet.newSlot(owner)];
    for (const s of slots) fleet.queueBatch(s);
    await fleet.flushBatch();
    expect([usedOn("h-1"), usedOn("big-1")]).toEqual([3, 3]);
    expect(rec.outcomes).toEqual([[slots[0], true], [slots[1], true], [slots[2], false]]);
    expect(fleet).toMatchObject({ requested: 3, placed: 2, rejected: 1 });
  });

  it("a request pinned to a host that is down stays out of the engine's problem and is rejected", async () => {
    const requests: string[][] = [];
    const batchPlace: BatchPlace = async (problem) => {
      requests.push(problem.requests.map((r) => r.id));
      return { placements: [] };
    };
    const { fleet } = setup({ batchPlace });
    const pinned = new Recorder({ ...vcpu(1), pinnedHost: "h-1" });
    const free = new Recorder(vcpu(1));
    const p = fleet.addOwner(pinned);
    const f = fleet.addOwner(free);
    fleet.setDown([0], true);
    const slots = [fleet.newSlot(p), fleet.newSlot(f)];
    for (const s of slots) fleet.queueBatch(s);
    await fleet.flushBatch();
    expect(requests).toEqual([[`vm${slots[1]}`]]);
    expect(pinned.outcomes).toEqual([[slots[0], false]]);
    expect(fleet.rejected).toBe(2);
  });
});
