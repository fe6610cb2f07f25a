import { hostModels, type HostModel } from "./catalog";
import type { InventoryRecord, Ledger, Plan } from "./plan";
import type { Rng } from "./prng";

/** The shape of the demo data centre, for the workload generator. */
export type Topology = {
  zones: {
    name: string;
    racks: { id: string; name: string; model: HostModel; hosts: HostInfo[] }[];
    cephSsd: string; cephHdd: string; cinder: string; network: string; subnets: string[];
  }[];
  swift: string;
  floatingPools: string[];
};
export type HostInfo = {
  id: string; name: string; zone: string; rack: string; model: HostModel; traits: Set<string>;
  /** Whether the host reaches its zone's NetApp backend (the two oldest racks of a zone are not cabled to it). */
  reachesNetapp: boolean;
};

export const ZONES = ["az1", "az2"];
export const RACKS_PER_ZONE = 12;
export const HOSTS_PER_RACK = 20;

/** Which model fills which rack of a zone: older Intel racks first, then AMD generations. */
function modelOfRack(index: number): HostModel {
  const [a, b, c] = hostModels as [HostModel, HostModel, HostModel];
  return index < 5 ? a : index < 9 ? b : c;
}

/** Usable host addresses of an IPv4 CIDR: 2^(32 - prefix) - 2 (network and broadcast excluded). */
export function usableAddresses(cidr: string): number {
  const prefix = Number(cidr.split("/")[1]);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 30) throw new Error(`bad CIDR ${cidr}`);
  return 2 ** (32 - prefix) - 2;
}

export function buildDatacenter(rng: Rng, plan: Plan, ledger: Ledger): Topology {
  const inv = (providerId: string, resourceClass: string, r: Omit<InventoryRecord, "minUnit" | "maxUnit" | "stepSize"> & Partial<InventoryRecord>) => {
    const record: InventoryRecord = { minUnit: 1, maxUnit: r.total, stepSize: 1, ...r };
    plan.inventories.push({ providerId, resourceClass, ...record });
    ledger.setInventory(providerId, resourceClass, record);
  };
  const provider = (row: Omit<Plan["providers"][number], "id">) => {
    const id = rng.uuid();
    plan.providers.push({ id, generation: row.kind === "host" || row.kind === "storage" || row.kind === "network" ? 1 : 0, ...row });
    return id;
  };
  const tag = (providerId: string, traits: string[]) => {
    for (const trait of traits) plan.providerTraits.push({ providerId, trait });
  };
  const aggregate = (name: string, kind: "availability_zone" | "reachability" | "host_aggregate", metadata: Record<string, string> = {}) => {
    const id = rng.uuid();
    plan.aggregates.push({ id, name, kind, metadata });
    return (providerId: string) => plan.providerAggregates.push({ providerId, aggregateId: id });
  };

  const region = provider({ name: "dc-east", kind: "region", attributes: { location: "Shanghai (demo)" } });
  const publicReach = aggregate("region-public", "reachability", { description: "Swift and floating IPs, reached from every host" });
  const nvmeHosts = aggregate("nvme-hosts", "host_aggregate", { description: "hosts with local NVMe (model-b, model-c)" });
  const topology: Topology = { zones: [], swift: "", floatingPools: [] };

  ZONES.forEach((zoneName, z) => {
    const zone = provider({ name: zoneName, kind: "zone", parentId: region, attributes: { availability_zone: zoneName } });
    const inZone = aggregate(zoneName, "availability_zone", { availability_zone: zoneName });
    const storageReach = aggregate(`${zoneName}-ceph`, "reachability", { description: `Ceph pools of ${zoneName}` });
    const netappReach = aggregate(`${zoneName}-netapp`, "reachability", { description: `NetApp backend of ${zoneName} (racks 3 onwards)` });
    const netReach = aggregate(`${zoneName}-network`, "reachability", { description: `provider network of ${zoneName}` });

    // Storage: two Ceph pools (SSD, HDD) and a NetApp Cinder backend per zone.
    const cephSsd = provider({
      name: `${zoneName}-ceph-ssd`, kind: "storage", subtype: "ceph-pool", parentId: zone,
      attributes: { cluster: `ceph-${zoneName}`, pool: "volumes-ssd", replication: 3, volume_backend_name: "ceph-ssd" },
    });
    inv(cephSsd, "VOLUME_GB", { total: 409_600, reserved: 20_480, allocationRatio: 1.0 });
    inv(cephSsd, "IOPS", { total: 2_000_000, reserved: 0, allocationRatio: 1.0 });
    tag(cephSsd, ["STORAGE_DISK_SSD", "CUSTOM_CEPH_RBD", "COMPUTE_VOLUME_MULTI_ATTACH"]);
    const cephHdd = provider({
      name: `${zoneName}-ceph-hdd`, kind: "storage", subtype: "ceph-pool", parentId: zone,
      attributes: { cluster: `ceph-${zoneName}`, pool: "volumes-hdd", replication: 3, volume_backend_name: "ceph-hdd" },
    });
    inv(cephHdd, "VOLUME_GB", { total: 1_572_864, reserved: 78_643, allocationRatio: 1.0 });
    inv(cephHdd, "IOPS", { total: 180_000, reserved: 0, allocationRatio: 1.0 });
    tag(cephHdd, ["STORAGE_DISK_HDD", "CUSTOM_CEPH_RBD"]);
    const cinder = provider({
      name: `${zoneName}-cinder-netapp`, kind: "storage", subtype: "cinder-backend", parentId: zone,
      attributes: { driver: "NetAppCmodeUnifiedDriver", volume_backend_name: "netapp", thin_provisioning: true },
    });
    inv(cinder, "VOLUME_GB", { total: 204_800, reserved: 10_240, allocationRatio: 2.0 });
    inv(cinder, "IOPS", { total: 400_000, reserved: 0, allocationRatio: 1.0 });
    tag(cinder, ["STORAGE_DISK_SSD", "CUSTOM_NETAPP_ONTAP"]);
    storageReach(cephSsd);
    storageReach(cephHdd);
    netappReach(cinder);

    // Network: an Open vSwitch provider network with four /21 subnets.
    const network = provider({
      name: `${zoneName}-provider-net`, kind: "network", subtype: "ovs-network", parentId: zone,
      attributes: { physical_network: `physnet-${zoneName}`, bridge: "br-provider", network_type: "vlan", segmentation_id: 100 + z, uplinks: "4x100G" },
    });
    inv(network, "NET_BW_MBPS", { total: 400_000, reserved: 20_000, allocationRatio: 1.0, minUnit: 10 });
    tag(network, ["CUSTOM_OVS"]);
    netReach(network);
    const subnets: string[] = [];
    for (let s = 0; s < 4; s++) {
      const cidr = `10.${10 + z}.${s * 8}.0/21`;
      const subnet = provider({
        name: `${zoneName}-subnet-${String.fromCharCode(97 + s)}`, kind: "network", subtype: "subnet", parentId: network,
        attributes: { cidr, gateway_ip: `10.${10 + z}.${s * 8}.1`, ip_version: 4 },
      });
      // Capacity = the usable addresses of the CIDR; the gateway takes one of them (reserved).
      inv(subnet, "IPV4_ADDRESS", { total: usableAddresses(cidr), reserved: 1, allocationRatio: 1.0 });
      netReach(subnet);
      subnets.push(subnet);
    }

    const racks: Topology["zones"][number]["racks"] = [];
    for (let r = 0; r < RACKS_PER_ZONE; r++) {
      const model = modelOfRack(r);
      const rackName = `${zoneName}-r${String(r + 1).padStart(2, "0")}`;
      const rack = provider({ name: rackName, kind: "rack", parentId: zone, attributes: { row: String.fromCharCode(65 + Math.floor(r / 4)), power_kw: 17 } });
      const hosts: HostInfo[] = [];
      for (let h = 0; h < HOSTS_PER_RACK; h++) {
        const name = `${rackName}-h${String(h + 1).padStart(2, "0")}`;
        const roll = rng.next();
        const state = roll < 0.018 ? "maintenance" : roll < 0.024 ? "disabled" : "active";
        const id = provider({
          name, kind: "host", subtype: "nova-compute", parentId: rack, state, hardwareModelId: model.id,
          attributes: { hypervisor: "QEMU/KVM", bmc: `10.250.${z * 16 + r}.${h + 10}`, serial: `SN${rng.int(10_000_000, 99_999_999)}` },
        });
        inv(id, "VCPU", { total: model.vcpus, reserved: 0, allocationRatio: model.vcpuRatio, maxUnit: model.vcpus });
        inv(id, "MEMORY_MB", { total: model.memoryMb, reserved: model.reservedMemoryMb, allocationRatio: model.memoryRatio });
        inv(id, "DISK_GB", { total: model.diskGb, reserved: model.reservedDiskGb, allocationRatio: 1.0 });
        tag(id, model.traits);
        inZone(id);
        storageReach(id);
        const reachesNetapp = r >= 2;
        if (reachesNetapp) netappReach(id);
        netReach(id);
        publicReach(id);
        if (model.traits.includes("CUSTOM_NVME")) nvmeHosts(id);
        hosts.push({ id, name, zone: zoneName, rack: rackName, model, traits: new Set(model.traits), reachesNetapp });
      }
      racks.push({ id: rack, name: rackName, model, hosts });
    }
    topology.zones.push({ name: zoneName, racks, cephSsd, cephHdd, cinder, network, subnets });
  });

  const swift = provider({
    name: "swift-east", kind: "storage", subtype: "swift-cluster", parentId: region,
    attributes: { policy: "replication-3", proxies: 6, storage_nodes: 36 },
  });
  inv(swift, "OBJECT_GB", { total: 3_145_728, reserved: 157_286, allocationRatio: 1.0 });
  tag(swift, ["CUSTOM_SWIFT", "STORAGE_DISK_HDD"]);
  publicReach(swift);
  topology.swift = swift;

  for (const [name, cidr] of [["fip-public-a", "198.51.100.0/24"], ["fip-public-b", "203.0.113.0/24"]] as const) {
    const pool = provider({
      name, kind: "network", subtype: "floating-ip-pool", parentId: region,
      attributes: { cidr, external_network: "public", router_external: true },
    });
    inv(pool, "FLOATING_IP", { total: usableAddresses(cidr), reserved: 1, allocationRatio: 1.0 });
    tag(pool, ["CUSTOM_PUBLIC_FIP"]);
    publicReach(pool);
    topology.floatingPools.push(pool);
  }
  return topology;
}
