/** The classes planners look at first, in this order; any other class follows alphabetically. */
const ORDER = ["VCPU", "MEMORY_MB", "DISK_GB", "VOLUME_GB", "OBJECT_GB", "IOPS", "NET_BW_MBPS", "IPV4_ADDRESS", "FLOATING_IP"];

export function byClassOrder(a: string, b: string): number {
  const rank = (rc: string) => (ORDER.indexOf(rc) + 1 || ORDER.length + 1);
  return rank(a) - rank(b) || a.localeCompare(b);
}
