import type { OpenStackClient } from "../client";

/**
 * What a real OpenStack says of its capacity, read in one pass: Placement (resource providers,
 * inventories, usages, traits, aggregates, allocations), Nova (hypervisors, availability zones, host
 * aggregates, servers), Cinder (backends and their pools, volume types, volumes) and Neutron
 * (networks, subnets, IP availability). Read-only; the mapping onto Headroom's tree is map.ts.
 */
export type PlacementInventory = { total: number; reserved: number; min_unit: number; max_unit: number; step_size: number; allocation_ratio: number };

export type CloudHost = {
  name: string;
  uuid: string;
  generation: number;
  zone: string | null;
  /** Host aggregates (by name) this hypervisor is in, with their metadata. */
  hostAggregates: { name: string; metadata: Record<string, string> }[];
  inventory: Record<string, PlacementInventory>;
  usages: Record<string, number>;
  traits: string[];
  placementAggregates: string[];
  state: "up" | "down";
  disabled: boolean;
};

export type CloudPool = { name: string; backend: string; totalGb: number; allocatedGb: number; volumeTypes: string[] };
export type CloudSubnet = { id: string; name: string; cidr: string; totalIps: number; usedIps: number };
export type CloudNetwork = { id: string; name: string; physnet: string | null; subnets: CloudSubnet[] };
export type CloudServer = {
  id: string;
  name: string;
  status: string;
  host: string | null;
  projectId: string;
  userId: string;
  flavor: string | null;
  key: string | null;
  /** The Headroom consumer the worker gave it (metadata headroomConsumer), when Headroom made it. */
  consumerId: string | null;
  /** Placement's allocations of this consumer, by provider name. */
  allocations: { provider: string; resources: Record<string, number> }[];
};
export type CloudVolume = { id: string; name: string; sizeGb: number; pool: string | null; status: string; projectId: string; key: string | null; serverIds: string[] };
export type CloudPort = { id: string; networkId: string; subnetId: string | null; address: string | null; deviceId: string; key: string | null };

export type CloudSnapshot = {
  hosts: CloudHost[];
  pools: CloudPool[];
  networks: CloudNetwork[];
  servers: CloudServer[];
  volumes: CloudVolume[];
  ports: CloudPort[];
  flavors: { name: string; vcpus: number; ram: number; disk: number }[];
  volumeTypes: { name: string; backend: string | null }[];
};

type Rp = { uuid: string; name: string; generation: number; root_provider_uuid?: string };

/** Runs `fn` over items with at most `n` calls in flight. */
async function mapLimit<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

export async function readCloud(client: OpenStackClient): Promise<CloudSnapshot> {
  const get = async <T>(svc: Parameters<OpenStackClient["call"]>[0], path: string) => (await client.call<T>(svc, "GET", path)).body;

  const [rps, hypervisors, aggregates, services] = await Promise.all([
    get<{ resource_providers: Rp[] }>("placement", "/resource_providers"),
    get<{ hypervisors: { id: string; hypervisor_hostname: string; state: string; status: string; service?: { host: string } }[] }>("compute", "/os-hypervisors/detail"),
    get<{ aggregates: { name: string; availability_zone: string | null; hosts: string[]; metadata: Record<string, string> }[] }>("compute", "/os-aggregates"),
    get<{ services: { host: string; binary: string; zone: string; status: string; state: string }[] }>("compute", "/os-services?binary=nova-compute"),
  ]);
  const hypByName = new Map(hypervisors.hypervisors.map((h) => [h.hypervisor_hostname, h]));
  const rpName = new Map(rps.resource_providers.map((r) => [r.uuid, r.name]));

  const computeRps = rps.resource_providers.filter((r) => hypByName.has(r.name));
  const hosts = await mapLimit(computeRps, 4, async (rp): Promise<CloudHost> => {
    const [inv, use, tr, ag] = await Promise.all([
      get<{ inventories: Record<string, PlacementInventory>; resource_provider_generation: number }>("placement", `/resource_providers/${rp.uuid}/inventories`),
      get<{ usages: Record<string, number> }>("placement", `/resource_providers/${rp.uuid}/usages`),
      get<{ traits: string[] }>("placement", `/resource_providers/${rp.uuid}/traits`),
      get<{ aggregates: string[] }>("placement", `/resource_providers/${rp.uuid}/aggregates`),
    ]);
    const hyp = hypByName.get(rp.name)!;
    const svcHost = hyp.service?.host ?? rp.name;
    const svc = services.services.find((s) => s.host === svcHost);
    const mine = aggregates.aggregates.filter((a) => a.hosts.includes(svcHost));
    const zone = mine.find((a) => a.availability_zone)?.availability_zone ?? svc?.zone ?? null;
    return {
      name: rp.name,
      uuid: rp.uuid,
      generation: inv.resource_provider_generation,
      zone,
      hostAggregates: mine.map((a) => ({ name: a.name, metadata: a.metadata ?? {} })),
      inventory: inv.inventories,
      usages: use.usages,
      traits: [...tr.traits].sort(),
      placementAggregates: ag.aggregates,
      state: hyp.state === "up" ? "up" : "down",
      disabled: hyp.status !== "enabled",
    };
  });

  const [pools, types, volumes, networks, subnets, avail, ports, servers, flavors] = await Promise.all([
    get<{ pools: { name: string; capabilities: Record<string, unknown> }[] }>("volumev3", "/scheduler-stats/get_pools?detail=true"),
    get<{ volume_types: { name: string; extra_specs?: Record<string, string> }[] }>("volumev3", "/types?is_public=None"),
    get<{ volumes: { id: string; name: string | null; size: number; status: string; "os-vol-host-attr:host"?: string | null; "os-vol-tenant-attr:tenant_id"?: string; metadata?: Record<string, string>; attachments?: { server_id: string }[] }[] }>("volumev3", "/volumes/detail?all_tenants=1"),
    get<{ networks: { id: string; name: string; "provider:physical_network"?: string | null }[] }>("network", "/networks"),
    get<{ subnets: { id: string; name: string; cidr: string; network_id: string }[] }>("network", "/subnets"),
    get<{ network_ip_availabilities: { network_id: string; subnet_ip_availability: { subnet_id: string; total_ips: number; used_ips: number }[] }[] }>("network", "/network-ip-availabilities"),
    get<{ ports: { id: string; network_id: string; fixed_ips: { subnet_id: string; ip_address: string }[]; device_id: string; device_owner: string; description?: string }[] }>("network", "/ports"),
    get<{ servers: { id: string; name: string; status: string; tenant_id: string; user_id: string; "OS-EXT-SRV-ATTR:host"?: string | null; flavor?: { original_name?: string }; metadata?: Record<string, string> }[] }>("compute", "/servers/detail?all_tenants=1"),
    get<{ flavors: { name: string; vcpus: number; ram: number; disk: number }[] }>("compute", "/flavors/detail?is_public=None"),
  ]);

  const typeList = types.volume_types.map((t) => ({ name: t.name, backend: t.extra_specs?.volume_backend_name ?? null }));
  const cloudPools: CloudPool[] = pools.pools.map((p) => {
    const c = p.capabilities;
    const backend = String(c.volume_backend_name ?? p.name.split("#")[0]);
    const num = (v: unknown) => (typeof v === "number" ? v : Number.isFinite(Number(v)) ? Number(v) : 0);
    return {
      name: backend,
      backend: p.name,
      totalGb: Math.floor(num(c.total_capacity_gb)),
      allocatedGb: Math.ceil(num(c.allocated_capacity_gb)),
      volumeTypes: typeList.filter((t) => t.backend === backend).map((t) => t.name),
    };
  });

  const availBySubnet = new Map<string, { total_ips: number; used_ips: number }>();
  for (const n of avail.network_ip_availabilities) for (const s of n.subnet_ip_availability) availBySubnet.set(s.subnet_id, s);
  const cloudNetworks: CloudNetwork[] = networks.networks.map((n) => ({
    id: n.id,
    name: n.name,
    physnet: n["provider:physical_network"] ?? null,
    subnets: subnets.subnets
      .filter((s) => s.network_id === n.id)
      .map((s) => ({ id: s.id, name: s.name, cidr: s.cidr, totalIps: availBySubnet.get(s.id)?.total_ips ?? 0, usedIps: availBySubnet.get(s.id)?.used_ips ?? 0 })),
  }));

  const liveServers = servers.servers.filter((s) => s.status !== "DELETED" && s.status !== "SOFT_DELETED");
  const allocs = await mapLimit(liveServers, 4, (s) =>
    get<{ allocations: Record<string, { resources: Record<string, number> }> }>("placement", `/allocations/${s.id}`),
  );
  const cloudServers: CloudServer[] = liveServers.map((s, i) => ({
    id: s.id,
    name: s.name,
    status: s.status,
    host: s["OS-EXT-SRV-ATTR:host"] ?? null,
    projectId: s.tenant_id,
    userId: s.user_id,
    flavor: s.flavor?.original_name ?? null,
    key: s.metadata?.headroom_key ?? null,
    consumerId: /^[0-9a-f-]{36}$/.test(s.metadata?.headroomConsumer ?? "") ? s.metadata!.headroomConsumer! : null,
    allocations: Object.entries(allocs[i]!.allocations).map(([uuid, a]) => ({ provider: rpName.get(uuid) ?? uuid, resources: a.resources })),
  }));

  const cloudVolumes: CloudVolume[] = volumes.volumes.map((v) => {
    const host = v["os-vol-host-attr:host"] ?? null;
    return {
      id: v.id,
      name: v.name ?? v.id,
      sizeGb: v.size,
      pool: host ? (host.split("#")[1] ?? host.split("@")[1] ?? null) : null,
      status: v.status,
      projectId: v["os-vol-tenant-attr:tenant_id"] ?? "",
      key: v.metadata?.headroom_key ?? null,
      serverIds: (v.attachments ?? []).map((a) => a.server_id),
    };
  });

  const cloudPorts: CloudPort[] = ports.ports.map((p) => ({
    id: p.id,
    networkId: p.network_id,
    subnetId: p.fixed_ips[0]?.subnet_id ?? null,
    address: p.fixed_ips[0]?.ip_address ?? null,
    deviceId: p.device_id,
    key: p.description?.startsWith("headroom:") ? p.description.slice("headroom:".length) : null,
  }));

  return {
    hosts: hosts.sort((a, b) => a.name.localeCompare(b.name)),
    pools: cloudPools.sort((a, b) => a.name.localeCompare(b.name)),
    networks: cloudNetworks.sort((a, b) => a.name.localeCompare(b.name)),
    servers: cloudServers,
    volumes: cloudVolumes,
    ports: cloudPorts,
    flavors: flavors.flavors.map((f) => ({ name: f.name, vcpus: f.vcpus, ram: f.ram, disk: f.disk })),
    volumeTypes: typeList,
  };
}
