import type { RequestSpec } from "../../../drizzle/schema";
import { flavorRows } from "./catalog";
import type { Plan } from "./plan";
import type { Rng } from "./prng";
import { PROJECTS, type Instance } from "./workload";

type State = "pending" | "placing" | "placed" | "provisioning" | "active" | "failed" | "cancelled";
const paths: Record<State, State[]> = {
  pending: ["pending"],
  placing: ["pending", "placing"],
  placed: ["pending", "placing", "placed"],
  provisioning: ["pending", "placing", "placed", "provisioning"],
  active: ["pending", "placing", "placed", "provisioning", "active"],
  failed: ["pending", "placing", "failed"],
  cancelled: ["pending", "cancelled"],
};
const mix: [State, number][] = [
  ["active", 24], ["provisioning", 4], ["placed", 3], ["placing", 2], ["pending", 10], ["failed", 6], ["cancelled", 4],
];

function specOf(vcpus: number, memoryMb: number, diskGb: number, requiredTraits: string[], volume: Record<string, number> | null): RequestSpec {
  return {
    compute: { resources: { VCPU: vcpus, MEMORY_MB: memoryMb, DISK_GB: diskGb }, ...(requiredTraits.length > 0 && { requiredTraits }) },
    ...(volume && { storage: [{ resources: volume }] }),
    network: [{ resources: { IPV4_ADDRESS: 1 } }],
  };
}

/**
 * Placement requests in every state with their history: the ones that got as far as placed are
 * tied to running instances of the fleet; pending, placing, failed and cancelled ones hold nothing.
 */
export function buildRequests(rng: Rng, plan: Plan, instances: Instance[], now: Date): void {
  const pool = rng.shuffle([...instances]);
  const states = mix.flatMap(([state, n]) => Array.from({ length: n }, () => state));
  states.forEach((state, i) => {
    const id = rng.uuid();
    const holds = state === "active" || state === "provisioning" || state === "placed";
    const instance = holds ? pool.pop() : undefined;
    const flavor = instance?.flavor ?? rng.pick(flavorRows.filter((f) => f.vcpus >= 4));
    const projectId = instance?.projectId ?? rng.pick(PROJECTS);
    const big = state === "failed";
    const spec = specOf(
      big ? flavor.vcpus * 8 : flavor.vcpus, big ? flavor.memoryMb * 8 : flavor.memoryMb, flavor.diskGb,
      flavor.requiredTraits, instance?.volume?.resources ?? null,
    );
    const ageMs = holds ? now.getTime() - (instance?.createdAt.getTime() ?? now.getTime()) : rng.int(60, 6 * 3600) * 1000;
    let at = now.getTime() - ageMs;
    const createdAt = new Date(at);
    const path = paths[state];
    let from: State | null = null;
    for (const to of path) {
      const actor = to === "pending" || to === "cancelled" ? `api:svc-${projectId}` : to === "provisioning" || to === "active" ? "provisioner-1" : "scheduler-1";
      const reason =
        to === "pending" ? "submitted" : to === "placing" ? "claimed" : to === "placed" ? `placed on ${instance?.host.name ?? "?"}` :
        to === "provisioning" ? "nova boot sent" : to === "active" ? "server ACTIVE" : to === "cancelled" ? "cancelled by the owner" :
        "NO_CAPACITY: no host has the VCPU and MEMORY_MB this request asks for";
      plan.placementRequestEvents.push({ requestId: id, fromState: from, toState: to, actor, reason, at: new Date(at) });
      from = to;
      at += rng.int(1, to === "provisioning" ? 90 : 5) * 1000;
    }
    const updatedAt = new Date(Math.min(at, now.getTime()));
    const key = `seed-${String(i + 1).padStart(4, "0")}`;
    const name = instance?.name ?? `${projectId}-${flavor.id.split(".")[0]}-req${i + 1}`;
    const zone = instance?.host.zone ?? (rng.chance(0.5) ? rng.pick(["az1", "az2"]) : null);
    const priority = rng.pick([0, 0, 0, 10, 50]);
    // What the submission said (server/requests/schema.ts), so that the key's body can be compared.
    const submission = { key, name, project: projectId, ...spec, ...(zone !== null && { zone }), ...(priority !== 0 && { priority }) };
    plan.placementRequests.push({
      id, idempotencyKey: key, batchKey: key, submission, name,
      projectId, flavorId: flavor.id, spec, zone,
      priority, state, consumerId: instance?.consumerId ?? null,
      host: holds ? (instance?.host.name ?? null) : null, submittedBy: `api:svc-${projectId}`,
      lastCode: state === "failed" ? "NO_CAPACITY" : null,
      // The placing ones were held by a worker that is gone: no lease, so the first worker takes them over.
      leaseUntil: null,
      attempts: state === "failed" ? 3 : state === "pending" ? 0 : 1,
      claimedBy: state === "placing" ? "scheduler-1" : null, claimedAt: state === "placing" ? updatedAt : null,
      lastError: state === "failed" ? "NO_CAPACITY: no host has the VCPU and MEMORY_MB this request asks for" : null,
      generation: path.length - 1, createdAt, updatedAt,
    });
  });
}
