/**
 * Numbers with their units, the way an operator reads them: memory and storage in GiB/TiB,
 * compute in vCPU, bandwidth in Mbit/s..Tbit/s, counts with thousands separators.
 * One table says what each resource class counts; everything else is formatting.
 */

type Scale = { base: string; steps: readonly string[]; factor: number };

const BINARY_FROM_MIB: Scale = { base: "MiB", steps: ["MiB", "GiB", "TiB", "PiB"], factor: 1024 };
const BINARY_FROM_GIB: Scale = { base: "GiB", steps: ["GiB", "TiB", "PiB", "EiB"], factor: 1024 };
const BITS_FROM_MBPS: Scale = { base: "Mbit/s", steps: ["Mbit/s", "Gbit/s", "Tbit/s"], factor: 1000 };
const IOPS: Scale = { base: "IOPS", steps: ["IOPS", "k IOPS", "M IOPS"], factor: 1000 };

/** How each standard resource class is counted. CUSTOM_* and unknown classes are plain counts. */
const CLASS_UNITS: Record<string, Scale | string> = {
  VCPU: "vCPU",
  PCPU: "pCPU",
  MEMORY_MB: BINARY_FROM_MIB,
  DISK_GB: BINARY_FROM_GIB,
  VOLUME_GB: BINARY_FROM_GIB,
  OBJECT_GB: BINARY_FROM_GIB,
  IOPS,
  NET_BW_MBPS: BITS_FROM_MBPS,
  NET_BW_EGR_KILOBIT_PER_SEC: "kbit/s",
  NET_BW_IGR_KILOBIT_PER_SEC: "kbit/s",
  IPV4_ADDRESS: "addr",
  FLOATING_IP: "IP",
  SRIOV_NET_VF: "VF",
  VGPU: "vGPU",
};

/** Short human names for the resource classes shown in charts and tables. */
const CLASS_LABELS: Record<string, string> = {
  VCPU: "vCPU",
  PCPU: "Dedicated CPU",
  MEMORY_MB: "Memory",
  DISK_GB: "Local disk",
  VOLUME_GB: "Block storage",
  OBJECT_GB: "Object storage",
  IOPS: "IOPS",
  NET_BW_MBPS: "Bandwidth",
  IPV4_ADDRESS: "IPv4 addresses",
  FLOATING_IP: "Floating IPs",
};

export function classLabel(resourceClass: string): string {
  return CLASS_LABELS[resourceClass] ?? resourceClass;
}

/** The unit in which a class's raw integers are stored ("MiB" for MEMORY_MB), for form hints. */
export function baseUnit(resourceClass: string): string {
  const unit = CLASS_UNITS[resourceClass];
  if (unit === undefined) return "units";
  return typeof unit === "string" ? unit : unit.base;
}

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** A number with at most `digits` significant decimals, trailing zeros trimmed: 1.5, 12.3, 140. */
function compact(value: number): string {
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return new Intl.NumberFormat("en-US", { maximumFractionDigits: digits }).format(value);
}

/** The step a magnitude is best read in: the largest whose value stays at or above 1. */
function stepFor(magnitude: number, scale: Scale): number {
  let v = Math.abs(magnitude);
  let i = 0;
  while (v >= scale.factor && i < scale.steps.length - 1) {
    v /= scale.factor;
    i += 1;
  }
  return i;
}

function inStep(value: number, scale: Scale, step: number): string {
  const v = value / scale.factor ** step;
  return step === 0 ? integer.format(v) : compact(v);
}

function scaled(value: number, scale: Scale): string {
  const step = stepFor(value, scale);
  return `${inStep(value, scale, step)} ${scale.steps[step]}`;
}

/** `formatAmount("MEMORY_MB", 524288)` -> "512 GiB"; `formatAmount("VCPU", 1536)` -> "1,536 vCPU". */
export function formatAmount(resourceClass: string, value: number): string {
  if (!Number.isFinite(value)) return "—";
  const unit = CLASS_UNITS[resourceClass];
  if (unit === undefined) return integer.format(value);
  if (typeof unit === "string") return `${integer.format(value)} ${unit}`;
  return scaled(value, unit);
}

/**
 * Used of capacity in one unit, chosen by the capacity, written once:
 * `formatPair("MEMORY_MB", 718848, 780288)` -> "702 / 762 GiB".
 */
export function formatPair(resourceClass: string, used: number, capacity: number): string {
  if (!Number.isFinite(used) || !Number.isFinite(capacity)) return "—";
  const unit = CLASS_UNITS[resourceClass];
  if (unit === undefined) return `${integer.format(used)} / ${integer.format(capacity)}`;
  if (typeof unit === "string") return `${integer.format(used)} / ${integer.format(capacity)} ${unit}`;
  const step = stepFor(Math.max(Math.abs(capacity), Math.abs(used)), unit);
  // "0.3 / 1.43 PiB" reads worse than "303 TiB / 1.43 PiB": below one whole unit, each gets its own.
  if (used !== 0 && Math.abs(used) < unit.factor ** step) return `${scaled(used, unit)} / ${scaled(capacity, unit)}`;
  return `${inStep(used, unit, step)} / ${inStep(capacity, unit, step)} ${unit.steps[step]}`;
}

/** A fraction in [0, 1] as a percentage: 0.734 -> "73%"; below 1% but above 0 -> "<1%". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return "—";
  if (fraction > 0 && fraction < 0.01) return "<1%";
  return `${Math.round(fraction * 100)}%`;
}

/** used / capacity, safe for a zero capacity. */
export function utilisation(used: number, capacity: number): number {
  return capacity > 0 ? used / capacity : used > 0 ? Infinity : 0;
}

export function formatCount(value: number): string {
  return integer.format(value);
}

/** An overcommit ratio as operators write it: 1 -> "1.0×", 16 -> "16×". */
export function formatRatio(value: number): string {
  return `${value >= 10 ? integer.format(value) : value.toFixed(1)}×`;
}

/** Unit words people type, lower case, to the scale step they mean ("g", "gb" and "gib" alike). */
function stepAliases(scale: Scale): Map<string, number> {
  const map = new Map<string, number>();
  scale.steps.forEach((step, i) => {
    const word = step.toLowerCase().replace(/\s+/g, "");
    map.set(word, i);
    const prefix = word.replace(/ib$/, "").replace(/bit\/s$/, "").replace(/iops$/, "");
    if (prefix) {
      map.set(prefix, i);
      map.set(`${prefix}b`, i);
    }
  });
  return map;
}

/**
 * Reads an amount as typed into a form, in the class's base unit: a plain number is taken as the
 * base unit ("786432" MiB), and a number with a unit is converted ("768 GiB", "1.5T", "25 Gbit/s").
 * Empty gives undefined (the schema's default applies); anything unreadable gives NaN, so the shared
 * schema reports the field as not a number.
 */
export function parseAmount(resourceClass: string, raw: string): number | undefined {
  const text = raw.trim().replace(/[_,]/g, "");
  if (text === "") return undefined;
  const match = /^(-?\d+(?:\.\d+)?|-?\.\d+)\s*([a-z/ ]*)$/i.exec(text);
  if (!match) return Number.NaN;
  const value = Number(match[1]);
  const word = (match[2] ?? "").toLowerCase().replace(/\s+/g, "");
  if (word === "") return value;
  const unit = CLASS_UNITS[resourceClass];
  if (unit === undefined || typeof unit === "string") return word === unit?.toLowerCase() ? value : Number.NaN;
  const step = stepAliases(unit).get(word);
  return step === undefined ? Number.NaN : value * unit.factor ** step;
}

/** "1 host", "20 hosts", "3 storage", "2 networks": counts of providers by kind. */
export function formatKindCounts(kinds: Record<string, number>): string {
  return Object.entries(kinds)
    .map(([kind, n]) => `${integer.format(n)} ${kind}${n === 1 || kind === "storage" ? "" : "s"}`)
    .join(", ");
}
