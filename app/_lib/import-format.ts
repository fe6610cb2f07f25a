/** Which import format a file is in: its extension first, then a look at its first character. */
export function detectFormat(fileName: string | null, content: string): "json" | "csv" {
  const lower = fileName?.toLowerCase() ?? "";
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".csv")) return "csv";
  const first = content.trimStart()[0];
  return first === "[" || first === "{" ? "json" : "csv";
}

export const SAMPLE_CSV = [
  "name,kind,parent,hardwareModelId,traits,aggregates,VCPU.total,VCPU.allocationRatio,MEMORY_MB.total,MEMORY_MB.reserved,DISK_GB.total",
  "az1-r01-h90,host,az1-r01,model-b,HW_CPU_X86_AVX2;STORAGE_DISK_SSD,az1;az1-storage;az1-network,96,4,786432,8192,3840",
  "az1-r01-h91,host,az1-r01,model-b,HW_CPU_X86_AVX2,az1;az1-storage;az1-network,96,4,786432,8192,3840",
].join("\n");

export const SAMPLE_JSON = JSON.stringify(
  {
    providers: [
      {
        name: "ceph-nvme-az1", kind: "storage", subtype: "ceph-pool", parent: "az1",
        traits: ["STORAGE_DISK_SSD"], aggregates: ["az1-storage"],
        inventories: { VOLUME_GB: { total: 409600, allocationRatio: 1.5 } },
      },
    ],
  },
  null,
  2,
);
