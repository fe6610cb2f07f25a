import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PlacementProblem, PlacementRequest, PlacementResult, Provider } from "./contract";
import { createOnlinePlacer } from "./online";
import { problemArb } from "./testing/problems";
import { verifyPlacement } from "./verify";
import { compileCluster } from "./stages/1-compile/cluster";
import { staticCandidates } from "./stages/2-filter/eligibility";
import type { FilterContext } from "./stages/2-filter/plugins/types";
import { prepareRequest } from "./stages/1-compile/prepared";
import type { PreparedRequest } from "./stages/1-compile/prepared";
import { compileRequest, compileServerGroups } from "./stages/1-compile/request";
import { makeScorer } from "./scoring/registry";
import { PlacementState } from "./stages/1-compile/state";

const host = (id: string, vcpu: number, extra: Partial<Provider> = {}): Provider => ({ id, kind: "host", inventory: { VCPU: { total: vcpu } }, ...extra });
const vm = (id: string, vcpu: number, extra: Partial<PlacementRequest> = {}): PlacementRequest => ({ id, compute: { resources: { VCPU: vcpu } }, ...extra });

/** Every copy of every request of the problem, as a request of its own (id `<request>.<k>`). */
function copiesOf(problem: PlacementProblem): PlacementRequest[] {
  return problem.requests.flatMap((r) => Array.from({ length: r.count ?? 1 }, (_, k) => ({ ...r, id: `${r.id}.${k}`, count: undefined })));
}

/**
 * The placer beside a reference with the same rules and scores that scans every candidate; `check`
 * places a copy through the placer, asserts it chose a host no full scan beats and that its providers
 * fit the reference's state, applies it there, and returns it (null when both refuse).
 */
function besideFullScan(problem: PlacementProblem) {
  const objective = problem.policy?.objective ?? "pack";
  const placer = createOnlinePlacer({ providers: problem.providers, serverGroups: problem.serverGroups, objective });
  const cluster = compileCluster(problem.providers);
  const groups = compileServerGroups(problem.serverGroups);
  const ctx: FilterContext = { cluster, state: new PlacementState(cluster, groups.size) };
  const score = makeScorer(objective);
  const check = (r: PlacementRequest): { prep: PreparedRequest; providers: Int32Array } | null => {
    const out = placer.place(r);
    const prep = prepareRequest(cluster, compileRequest(cluster, r, groups));
    let best = -Infinity;
    for (const h of staticCandidates(ctx, prep)) if (ctx.state.hostOk(prep, h) && ctx.state.attachedOk(prep, h)) best = Math.max(best, score(ctx, prep, h));
    expect(out.ok).toBe(best > -Infinity);
    if (!out.ok) return null;
    const providers = Int32Array.from(out.allocations, (a) => cluster.index.get(a.provider)!);
    expect(score(ctx, prep, providers[0]!)).toBeGreaterThanOrEqual(best - 1e-5);
    expect(ctx.state.tryPlaceExact(prep, providers)).not.toBeNull();
    return { prep, providers };
  };
  return { placer, cluster, ctx, copies: copiesOf(problem), check };
}

describe("createOnlinePlacer", () => {
  it.each([
    ["fits", [host("h1", 4)], [vm("a", 4)], ["ok"]],
    ["capacity rule", [host("h1", 4)], [vm("a", 3), vm("b", 2)], ["ok", "NO_CAPACITY"]],
    ["allocation ratio", [host("h1", 4, { inventory: { VCPU: { total: 4, allocationRatio: 2 } } })], [vm("a", 4), vm("b", 4), vm("c", 1), vm("d", 5, { id: "d" })], ["ok", "ok", "NO_CAPACITY", "NO_CAPACITY"]],
    ["reserved", [host("h1", 4, { inventory: { VCPU: { total: 4, reserved: 2 } } })], [vm("a", 3)], ["NO_CAPACITY"]],
    ["step size", [host("h1", 4, { inventory: { VCPU: { total: 4, stepSize: 2 } } })], [vm("a", 1), vm("b", 2)], ["NO_CAPACITY", "ok"]],
    ["zone", [host("h1", 4, { zone: "a" })], [vm("a", 1, { zone: "b" })], ["ZONE_MISMATCH"]],
    ["trait", [host("h1", 4)], [vm("a", 1, { compute: { resources: { VCPU: 1 }, requiredTraits: ["CUSTOM_GPU"] } })], ["TRAIT_MISSING"]],
    ["pinned full", [host("h1", 4), host("h2", 4)], [vm("a", 4, { pinnedHost: "h1" }), vm("b", 1, { pinnedHost: "h1" })], ["ok", "PINNED_HOST_UNAVAILABLE"]],
    ["anti-affinity", [host("h1", 4), host("h2", 4)], [vm("a", 1, { serverGroup: "g" }), vm("b", 1, { serverGroup: "g" }), vm("c", 1, { serverGroup: "g" })], ["ok", "ok", "SERVER_GROUP"]],
    ["storage unreachable", [host("h1", 4, { aggregates: ["x"] }), { id: "s1", kind: "storage", aggregates: ["y"], inventory: { VOLUME_GB: { total: 100 } } }],
      [vm("a", 1, { storage: [{ resources: { VOLUME_GB: 10 } }] })], ["NO_REACHABLE_STORAGE"]],
    ["storage without aggregates serves all", [host("h1", 4, { aggregates: ["x"] }), { id: "s1", kind: "storage", inventory: { VOLUME_GB: { total: 100 } } }],
      [vm("a", 1, { storage: [{ resources: { VOLUME_GB: 10 } }] })], ["ok"]],
  ] as [string, Provider[], PlacementRequest[], string[]][])("%s", (_name, providers, requests, expected) => {
    const placer = createOnlinePlacer({ providers, serverGroups: [{ id: "g", policy: "anti-affinity" }] });
    const got = requests.map((r) => {
      const out = placer.place(r);
      if (!out.ok) expect(out.reason.length).toBeGreaterThan(10);
      return out.ok ? "ok" : out.code;
    });
    expect(got).toEqual(expected);
  });

  it("release frees capacity and a down host takes nothing new", () => {
    const placer = createOnlinePlacer({ providers: [host("h1", 4), host("h2", 4)] });
    expect(placer.place(vm("a", 4)).ok).toBe(true);
    const first = placer.holds("a")![0]!.provider;
    placer.setProviderDown(first === "h1" ? "h2" : "h1", true);
    expect(placer.place(vm("b", 1))).toMatchObject({ ok: false, code: "NO_CAPACITY" });
    placer.setProviderDown(first, true);
    expect(placer.place(vm("b", 1))).toMatchObject({ ok: false, code: "HOST_DOWN" });
    placer.setProviderDown(first, false);
    placer.release("a");
    expect(placer.holds("a")).toBeUndefined();
    expect(placer.place(vm("b", 4))).toMatchObject({ ok: true, allocations: [{ provider: first }] });
    expect(() => placer.release("zzz")).toThrow();
  });

  it("scores one untouched host per profile, but never skips a profile because its first host is down or taken", () => {
    const providers = [host("h1", 4), host("h2", 4), host("h3", 4)];
    const placer = createOnlinePlacer({ providers, serverGroups: [{ id: "g", policy: "anti-affinity" }] });
    placer.setProviderDown("h1", true);
    const spots = ["a", "b", "c"].map((id) => placer.place(vm(id, 1, { serverGroup: "g" })));
    expect(spots.map((o) => (o.ok ? o.allocations[0]!.provider : o.code))).toEqual(["h2", "h3", "SERVER_GROUP"]);
  });

  it("a cached verdict follows every change to its host: other shapes' allocations, releases, down and up", () => {
    const placer = createOnlinePlacer({ providers: [host("h1", 8, { used: { VCPU: 1 } }), host("h2", 8)] });
    const small = vm("s1", 2);
    expect(placer.place(small)).toMatchObject({ allocations: [{ provider: "h1" }] });
    expect(placer.place(vm("big", 5))).toMatchObject({ allocations: [{ provider: "h1" }] });
    // h1 is full now for another copy of the first shape: the cached score must not send it there.
    expect(placer.place({ ...small, id: "s2" })).toMatchObject({ allocations: [{ provider: "h2" }] });
    placer.release("big");
    expect(placer.place({ ...small, id: "s3" })).toMatchObject({ allocations: [{ provider: "h1" }] });
    placer.setProviderDown("h1", true);
    expect(placer.place({ ...small, id: "s4" })).toMatchObject({ allocations: [{ provider: "h2" }] });
    placer.setProviderDown("h1", false);
    expect(placer.place({ ...small, id: "s5" })).toMatchObject({ allocations: [{ provider: "h1" }] });
  });

  it.each([
    // anti-affinity: one member per host; h1 is free again once a leaves.
    ["anti-affinity", ["h1", "h2", "h3"], ["a"]],
    // soft: h1 takes two members (in use and fullest), then the third goes elsewhere; h1 empty of members wins again.
    ["soft-anti-affinity", ["h1", "h1", "h2"], ["a", "b"]],
  ] as const)("a host-scoped %s group is cached per host and follows members' releases", (policy, first, released) => {
    const placer = createOnlinePlacer({ providers: [host("h1", 8, { used: { VCPU: 1 } }), host("h2", 8), host("h3", 8)],
      serverGroups: [{ id: "g", policy, scope: "host" }] });
    const member = (id: string) => vm(id, 1, { serverGroup: "g" });
    const where = (id: string) => {
      const out = placer.place(member(id));
      return out.ok ? out.allocations[0]!.provider : out.code;
    };
    expect(["a", "b", "c"].map(where)).toEqual(first);
    for (const id of released) placer.release(id);
    // h1 holds no member any more: a cached verdict or score of h1 must not keep the group away from it.
    expect(where("d")).toBe("h1");
  });

  it("a host that comes back up is seen again by a shape that cached it as down", () => {
    const placer = createOnlinePlacer({ providers: [host("h1", 8, { used: { VCPU: 1 } }), host("h2", 8)] });
    expect(placer.place(vm("a", 6))).toMatchObject({ allocations: [{ provider: "h1" }] });
    placer.setProviderDown("h2", true);
    const one = vm("b", 1);
    expect(placer.place(one)).toMatchObject({ allocations: [{ provider: "h1" }] });
    placer.setProviderDown("h2", false);
    expect(placer.place({ ...one, id: "c" })).toMatchObject({ allocations: [{ provider: "h2" }] });
  });

  it("pack fills the used host, spread the emptiest", () => {
    const providers = [host("h1", 8, { used: { VCPU: 2 } }), host("h2", 8)];
    expect(createOnlinePlacer({ providers, objective: "pack" }).place(vm("a", 1))).toMatchObject({ allocations: [{ provider: "h1" }] });
    expect(createOnlinePlacer({ providers, objective: "spread" }).place(vm("a", 1))).toMatchObject({ allocations: [{ provider: "h2" }] });
  });

  it("storage goes to the least-allocated reachable backend", () => {
    const providers: Provider[] = [host("h1", 8),
      { id: "s1", kind: "storage", inventory: { VOLUME_GB: { total: 100 } }, used: { VOLUME_GB: 50 } },
      { id: "s2", kind: "storage", inventory: { VOLUME_GB: { total: 100 } }, used: { VOLUME_GB: 10 } }];
    const out = createOnlinePlacer({ providers }).place(vm("a", 1, { storage: [{ resources: { VOLUME_GB: 10 } }] }));
    expect(out).toMatchObject({ ok: true, allocations: [{ provider: "h1" }, { provider: "s2" }] });
  });

  it("never breaks a rule over random place/release sequences", () => {
    fc.assert(fc.property(problemArb(), fc.array(fc.nat(), { maxLength: 8 }), (problem, releases) => {
      const placer = createOnlinePlacer({ providers: problem.providers, serverGroups: problem.serverGroups, objective: problem.policy?.objective });
      const live = new Map<string, PlacementRequest>();
      const copies = copiesOf(problem);
      const hosts = problem.providers.filter((p) => p.kind === "host").map((p) => p.id);
      const down = new Set<string>();
      copies.forEach((r, i) => {
        // Now and then a host goes down or comes back: a down host takes nothing new.
        const flip = releases[(i + 1) % Math.max(1, releases.length)];
        if (flip !== undefined && flip % 5 === 1) {
          const h = hosts[flip % hosts.length]!;
          placer.setProviderDown(h, flip % 2 === 1);
          if (flip % 2 === 1) down.add(h);
          else down.delete(h);
        }
        const out = placer.place(r);
        if (out.ok) expect(down.has(out.allocations[0]!.provider)).toBe(false);
        if (out.ok) live.set(r.id, r);
        else expect(out.reason.length).toBeGreaterThan(10);
        const victim = releases[i];
        if (victim !== undefined && live.size > 0 && victim % 3 === 0) {
          const id = [...live.keys()][victim % live.size]!;
          placer.release(id);
          live.delete(id);
        }
      });
      const sub: PlacementProblem = { ...problem, requests: [...live.values()] };
      const result: PlacementResult = {
        placements: [...live.keys()].map((id) => ({ request: id, allocations: placer.holds(id)! })), unplaced: [],
        stats: { solver: "online", objective: "pack", hostsUsed: 0, newHostsUsed: 0, lowerBound: null, gap: null, elapsedMs: 0 },
      };
      expect(verifyPlacement(sub, result)).toEqual([]);
    }), { numRuns: 300, seed: 42 });
  });
});

describe("createOnlinePlacer's shortcuts (cache, bounds, one host per profile)", () => {
  it("always choose a host whose score is the best any full scan would find", () => {
    fc.assert(fc.property(problemArb({ maxHosts: 8, maxRequests: 12 }), (problem) => {
      const { copies, check } = besideFullScan(problem);
      for (const r of copies) check(r);
    }), { numRuns: 200, seed: 17 });
  });

  it("still do after releases and hosts going down and up (the index follows every change)", () => {
    fc.assert(fc.property(problemArb({ maxHosts: 8, maxRequests: 12 }), fc.array(fc.nat(), { minLength: 40, maxLength: 40 }), (problem, dice) => {
      const { placer, cluster, ctx, copies, check } = besideFullScan(problem);
      const held: { id: string; prep: PreparedRequest; providers: Int32Array }[] = [];
      let roll = 0;
      const die = () => dice[roll++ % dice.length]!;
      for (const r of [...copies, ...copies.map((c) => ({ ...c, id: `${c.id}'` }))]) {
        // Between placements: release a held copy, or take a host down or bring it back.
        const action = die() % 4;
        if (action === 1 && held.length > 0) {
          const [gone] = held.splice(die() % held.length, 1);
          placer.release(gone!.id);
          ctx.state.remove(gone!.prep, gone!.providers);
        } else if (action === 2) {
          const h = cluster.hosts[die() % cluster.hosts.length]!;
          const down = ctx.state.down[h] === 0;
          placer.setProviderDown(cluster.ids[h]!, down);
          ctx.state.down[h] = down ? 1 : 0;
        }
        const got = check(r);
        if (got) held.push({ id: r.id, ...got });
      }
    }), { numRuns: 150, seed: 23 });
  });
});

describe("createOnlinePlacer's token path (shape, placeShape, releaseToken)", () => {
  it("makes the same choices as the string path, over random place/release sequences, and recycles nothing still held", () => {
    fc.assert(fc.property(problemArb(), fc.array(fc.nat(), { minLength: 30, maxLength: 30 }), (problem, dice) => {
      const input = { providers: problem.providers, serverGroups: problem.serverGroups, objective: problem.policy?.objective };
      const byId = createOnlinePlacer(input);
      const byToken = createOnlinePlacer(input);
      const ids = problem.providers.map((p) => p.id);
      const shapes = new Map(problem.requests.map((r) => {
        const { id: _id, count: _count, ...shape } = r;
        return [r.id, byToken.shape(shape)];
      }));
      const held: { id: string; token: number; providers: string[] }[] = [];
      let roll = 0;
      const die = () => dice[roll++ % dice.length]!;
      problem.requests.forEach((r, i) => {
        for (let k = 0; k < (r.count ?? 1); k++) {
          const id = `${r.id}.${k}`;
          const out = byId.place({ ...r, id, count: undefined });
          const token = byToken.placeShape(shapes.get(r.id)!);
          expect(token >= 0).toBe(out.ok);
          if (!out.ok) {
            expect(byToken.explain(shapes.get(r.id)!)).toEqual({ code: out.code, reason: out.reason });
            continue;
          }
          const providers = Array.from(byToken.providersOf(token), (p) => ids[p]!);
          expect(providers).toEqual(out.allocations.map((a) => a.provider));
          expect(byToken.allocationsOf(token)).toEqual(out.allocations);
          held.push({ id, token, providers });
          if (die() % 3 === 0) {
            const [gone] = held.splice(die() % held.length, 1);
            byId.release(gone!.id);
            byToken.releaseToken(gone!.token);
            expect(() => byToken.providersOf(gone!.token)).toThrow();
          }
        }
        if (die() % 7 === 0) {
          const h = problem.providers[i % problem.providers.length]!.id;
          const down = die() % 2 === 0;
          byId.setProviderDown(h, down);
          byToken.setProviderDown(h, down);
        }
        // What every live token holds is still what it was given, whatever was released and recycled since.
        for (const x of held) expect(Array.from(byToken.providersOf(x.token), (p) => ids[p]!)).toEqual(x.providers);
      });
    }), { numRuns: 200, seed: 7 });
  });
});
