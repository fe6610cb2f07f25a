/**
 * Starting points for the common cases (DESIGN §7): each answers a spec the planner then edits.
 * Pure: the inventory's racks and zones come in.
 */
import type { ScenarioSpecInput } from "./spec";

export type TemplateId = "peak-sale-evening" | "rack-lost-at-peak" | "empty-day" | "bench-peak-day-2000";
export type Template = { id: TemplateId; label: string; description: string; spec: ScenarioSpecInput };

const SALE_AT_HOURS = 20;

/** Three services of a web shop behind load balancers, on the evening of a sale. */
function shopServices(): NonNullable<ScenarioSpecInput["services"]> {
  const sale = (baseRps: number) => ({ kind: "profile" as const, profile: "peak-sale" as const, baseRps, peakMultiplier: 4, peakAtHours: SALE_AT_HOURS });
  return [
    { id: "storefront", vm: { vcpu: 4, memoryMb: 8192, diskGb: 40 }, rpsPerInstance: 50, minInstances: 10, maxInstances: 2000, targetUtilization: 0.6, cooldownSeconds: 120, bootSeconds: 90, load: sale(1500) },
    { id: "search", vm: { vcpu: 8, memoryMb: 16384, diskGb: 40 }, rpsPerInstance: 80, minInstances: 6, maxInstances: 1000, targetUtilization: 0.6, cooldownSeconds: 180, bootSeconds: 120, load: sale(900) },
    { id: "checkout", vm: { vcpu: 2, memoryMb: 4096, diskGb: 20 }, rpsPerInstance: 30, minInstances: 6, maxInstances: 2000, targetUtilization: 0.5, cooldownSeconds: 120, bootSeconds: 60, load: sale(300) },
  ];
}

export function templates(inventory: { racks: string[]; zones: string[] }): Template[] {
  const rack = inventory.racks[0] ?? "rack-1";
  return [
    {
      id: "peak-sale-evening", label: "Peak sale evening",
      description: `The live inventory for a day whose sale opens at ${SALE_AT_HOURS}:00: storefront, search and checkout scale on their load; CI churn beside them.`,
      spec: {
        base: { kind: "inventory" }, durationHours: 24, services: shopServices(),
        churn: [{ id: "ci", vm: { vcpu: 2, memoryMb: 4096, diskGb: 20 }, arrivals: { kind: "rate", perHour: 200 }, meanLifetimeHours: 0.5 }],
      },
    },
    {
      id: "rack-lost-at-peak", label: "A rack lost at the peak",
      description: `The peak sale evening with rack ${rack} failing 30 minutes into the sale, repaired after 4 hours.`,
      spec: {
        base: { kind: "inventory" }, durationHours: 24, services: shopServices(),
        failures: [{ kind: "target", target: rack, atHours: SALE_AT_HOURS + 0.5, repairHours: 4 }],
      },
    },
    {
      id: "empty-day", label: "Empty day on the live inventory",
      description: "The inventory as it is, one day, nothing added: add load, failures and changes yourself.",
      spec: { base: { kind: "inventory" }, durationHours: 24 },
    },
    {
      id: "bench-peak-day-2000", label: "Benchmark: 2,000-host peak sale day",
      description: "The simulator benchmark's estate (2,000 hosts, 40 services, CI and batch churn, a rack failing at the sale's height, random host failures), not the live inventory.",
      spec: { base: { kind: "bench", hosts: 2000, services: 40 }, durationHours: 24 },
    },
  ];
}
