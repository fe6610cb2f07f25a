/**
 * The catalogue of the demo data centre: resource classes, traits, hardware models, flavors and
 * volume types. Figures are realistic for 2024-era hardware and OpenStack defaults.
 */
export const resourceClassRows = [
  { name: "VCPU", unit: "vCPU", description: "virtual CPUs (hardware threads × allocation ratio)" },
  { name: "MEMORY_MB", unit: "MiB", description: "host memory" },
  { name: "DISK_GB", unit: "GiB", description: "local (ephemeral) disk on a compute host" },
  { name: "VOLUME_GB", unit: "GiB", description: "block storage in a Ceph pool or Cinder backend" },
  { name: "OBJECT_GB", unit: "GiB", description: "object storage in a Swift cluster" },
  { name: "IOPS", unit: "IOPS", description: "guaranteed I/O operations per second of a storage backend" },
  { name: "NET_BW_MBPS", unit: "Mbit/s", description: "guaranteed bandwidth (Neutron QoS minimum bandwidth)" },
  { name: "IPV4_ADDRESS", unit: "address", description: "IPv4 addresses of a subnet's allocation pools" },
  { name: "FLOATING_IP", unit: "address", description: "public floating IPs of an external network" },
].map((r) => ({ ...r, standard: true }));

export const traitRows = [
  ["HW_CPU_X86_AVX2", "CPU supports AVX2"],
  ["HW_CPU_X86_AVX512F", "CPU supports AVX-512 Foundation"],
  ["HW_CPU_X86_SSE42", "CPU supports SSE4.2"],
  ["HW_CPU_X86_AMD_SEV", "AMD Secure Encrypted Virtualization"],
  ["HW_NIC_SRIOV", "NIC supports SR-IOV"],
  ["STORAGE_DISK_SSD", "solid-state disks"],
  ["STORAGE_DISK_HDD", "spinning disks"],
  ["COMPUTE_VOLUME_MULTI_ATTACH", "volumes can attach to several servers"],
  ["COMPUTE_NET_ATTACH_INTERFACE", "interfaces can be hot-plugged"],
  ["CUSTOM_NVME", "local NVMe disks"],
  ["CUSTOM_CEPH_RBD", "Ceph RBD block storage"],
  ["CUSTOM_NETAPP_ONTAP", "NetApp ONTAP backend"],
  ["CUSTOM_SWIFT", "Swift object storage"],
  ["CUSTOM_OVS", "Open vSwitch data plane"],
  ["CUSTOM_PUBLIC_FIP", "public floating IPs"],
].map(([name, description]) => ({ name: name as string, description: description as string, standard: !(name as string).startsWith("CUSTOM_") }));

export type HostModel = {
  id: string; vendor: string; description: string; vcpus: number; memoryMb: number; diskGb: number;
  traits: string[]; unitCostPerMonth: number;
  /** Inventory policy for hosts of this model. */
  vcpuRatio: number; memoryRatio: number; reservedMemoryMb: number; reservedDiskGb: number;
};

export const hostModels: HostModel[] = [
  {
    id: "model-a", vendor: "Dell", unitCostPerMonth: 610,
    description: "PowerEdge R650: 2× Xeon Gold 6338 (2×32 cores, 128 threads), 512 GiB, 2× 1.92 TB SSD",
    vcpus: 128, memoryMb: 512 * 1024, diskGb: 3576, traits: ["HW_CPU_X86_AVX2", "HW_CPU_X86_AVX512F", "HW_CPU_X86_SSE42", "STORAGE_DISK_SSD"],
    vcpuRatio: 4.0, memoryRatio: 1.5, reservedMemoryMb: 4096, reservedDiskGb: 100,
  },
  {
    id: "model-b", vendor: "Lenovo", unitCostPerMonth: 820,
    description: "ThinkSystem SR665: 2× EPYC 7643 (2×48 cores, 192 threads), 768 GiB, 2× 3.84 TB NVMe",
    vcpus: 192, memoryMb: 768 * 1024, diskGb: 7152,
    traits: ["HW_CPU_X86_AVX2", "HW_CPU_X86_SSE42", "HW_CPU_X86_AMD_SEV", "STORAGE_DISK_SSD", "CUSTOM_NVME", "HW_NIC_SRIOV"],
    vcpuRatio: 4.0, memoryRatio: 1.0, reservedMemoryMb: 8192, reservedDiskGb: 100,
  },
  {
    id: "model-c", vendor: "Supermicro", unitCostPerMonth: 1150,
    description: "AS-2125HS: 2× EPYC 9554 (2×64 cores, 256 threads), 1 TiB, 4× 3.84 TB NVMe",
    vcpus: 256, memoryMb: 1024 * 1024, diskGb: 14304,
    traits: ["HW_CPU_X86_AVX2", "HW_CPU_X86_AVX512F", "HW_CPU_X86_SSE42", "HW_CPU_X86_AMD_SEV", "STORAGE_DISK_SSD", "CUSTOM_NVME", "HW_NIC_SRIOV"],
    vcpuRatio: 2.0, memoryRatio: 1.0, reservedMemoryMb: 8192, reservedDiskGb: 200,
  },
];

export type FlavorRow = { id: string; vcpus: number; memoryMb: number; diskGb: number; requiredTraits: string[]; description: string };

const flavor = (id: string, vcpus: number, memoryGb: number, diskGb: number, description: string, requiredTraits: string[] = []): FlavorRow =>
  ({ id, vcpus, memoryMb: memoryGb * 1024, diskGb, requiredTraits, description });

export const flavorRows: FlavorRow[] = [
  flavor("m1.small", 1, 2, 20, "general purpose"),
  flavor("m1.medium", 2, 4, 40, "general purpose"),
  flavor("m1.large", 4, 8, 80, "general purpose"),
  flavor("m1.xlarge", 8, 16, 160, "general purpose"),
  flavor("m1.2xlarge", 16, 32, 160, "general purpose"),
  flavor("c5.large", 2, 4, 20, "compute optimised, AVX-512", ["HW_CPU_X86_AVX512F"]),
  flavor("c5.xlarge", 4, 8, 40, "compute optimised, AVX-512", ["HW_CPU_X86_AVX512F"]),
  flavor("c5.2xlarge", 8, 16, 40, "compute optimised, AVX-512", ["HW_CPU_X86_AVX512F"]),
  flavor("c5.4xlarge", 16, 32, 80, "compute optimised, AVX-512", ["HW_CPU_X86_AVX512F"]),
  flavor("r5.large", 2, 16, 40, "memory optimised"),
  flavor("r5.xlarge", 4, 32, 80, "memory optimised"),
  flavor("r5.2xlarge", 8, 64, 160, "memory optimised"),
  flavor("r5.4xlarge", 16, 128, 160, "memory optimised, local NVMe", ["CUSTOM_NVME"]),
];

/** How often each flavor runs in the demo fleet (weights). */
export const flavorMix: [string, number][] = [
  ["m1.small", 4], ["m1.medium", 8], ["m1.large", 14], ["m1.xlarge", 12], ["m1.2xlarge", 6],
  ["c5.large", 2], ["c5.xlarge", 6], ["c5.2xlarge", 8], ["c5.4xlarge", 5],
  ["r5.large", 3], ["r5.xlarge", 8], ["r5.2xlarge", 8], ["r5.4xlarge", 4],
];

export const volumeTypeRows = [
  { id: "ssd", requiredTraits: ["STORAGE_DISK_SSD", "CUSTOM_CEPH_RBD"], backendName: null, description: "Ceph RBD on SSD" },
  { id: "hdd", requiredTraits: ["STORAGE_DISK_HDD", "CUSTOM_CEPH_RBD"], backendName: null, description: "Ceph RBD on HDD (bulk, backups)" },
  { id: "netapp-gold", requiredTraits: ["CUSTOM_NETAPP_ONTAP"], backendName: "netapp", description: "NetApp ONTAP, thin provisioned" },
];
