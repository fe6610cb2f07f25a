import type { PlacementProblem, PlacementRequest } from "../../../scheduler/contract";
import type { CloudSnapshot } from "./read";

/** The rack of a hypervisor: a host aggregate's `headroom_rack` metadata, else a naming rule, else none. */
export function rackOf(host: { name: string; hostAggregates: { name: string; metadata: Record<string, string> }[] }, rule?: RegExp | null): string | null {
  const tagged = host.hostAggregates.find((a) => a.metadata.headroom_rack);
  if (tagged) return tagged.metadata.headroom_rack!;
  if (rule) {
    const m = rule.exec(host.name);
    if (m) return m.groups?.rack ?? m[1] ?? null;
  }
  return null;
}

/**
 * The cloud as a placement problem of the contract: hypervisors as hosts (Placement's inventory and
 * usage), Cinder pools as storage (VOLUME_GB), Neutron subnets as networks (IPV4_ADDRESS). Provider
 * ids are the names the driver takes: hypervisor hostname, backend name (the volume type), subnet
 * name.
 */
export function problemOf(cloud: CloudSnapshot, requests: PlacementRequest[], opts: { rackRule?: RegExp | null } = {}): PlacementProblem {
  const providers: PlacementProblem["providers"] = [];
  for (const h of cloud.hosts) {
    if (h.state !== "up" || h.disabled) continue;
    const rack = rackOf(h, opts.rackRule);
    providers.push({
      id: h.name,
      kind: "host",
      ...(h.zone ? { zone: h.zone } : {}),
      ...(rack ? { rack } : {}),
      inventory: Object.fromEntries(
        Object.entries(h.inventory).map(([rc, i]) => [rc, { total: i.total, reserved: i.reserved, allocationRatio: i.allocation_ratio, minUnit: i.min_unit, maxUnit: i.max_unit, stepSize: i.step_size }]),
      ),
      used: { ...h.usages },
      traits: h.traits,
    });
  }
  for (const p of cloud.pools) {
    providers.push({ id: p.name, kind: "storage", inventory: { VOLUME_GB: { total: p.totalGb } }, used: { VOLUME_GB: p.allocatedGb } });
  }
  for (const n of cloud.networks) {
    for (const s of n.subnets) {
      providers.push({ id: s.name, kind: "network", inventory: { IPV4_ADDRESS: { total: s.totalIps } }, used: { IPV4_ADDRESS: s.usedIps } });
    }
  }
  return { providers, requests };
}
