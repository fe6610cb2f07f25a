/**
 * The inventory's zod schemas, written once (CONVENTIONS 10): tRPC inputs, the browser's forms and
 * the JSON/CSV import all use these. Plain zod only, so app/ may import this file: nothing here
 * pulls a database driver into the client bundle.
 */
import { z } from "zod";

export const providerKinds = ["region", "zone", "rack", "host", "storage", "network"] as const;
export const providerStates = ["active", "maintenance", "disabled", "retired"] as const;
/** The kinds that hold inventory; region, zone and rack are groupings (parents and failure domains). */
export const capacityKinds = ["host", "storage", "network"] as const;
export const aggregateKinds = ["availability_zone", "reachability", "host_aggregate"] as const;

/** Which kinds may be the parent of which: the tree is region > zone > rack > host. */
export const allowedParents: Record<(typeof providerKinds)[number], readonly ((typeof providerKinds)[number] | null)[]> = {
  region: [null],
  zone: ["region"],
  rack: ["zone"],
  host: ["rack", "zone"],
  storage: ["region", "zone", "rack"],
  network: ["region", "zone", "rack", "network"],
};

const upperName = /^[A-Z][A-Z0-9_]*$/;
export const resourceClassName = z
  .string()
  .trim()
  .regex(upperName, "must be upper case letters, digits and underscores (VCPU, MEMORY_MB, CUSTOM_GPU)")
  .max(255);
export const traitName = z
  .string()
  .trim()
  .regex(upperName, "must be upper case letters, digits and underscores (HW_CPU_X86_AVX2, CUSTOM_NVME)")
  .max(255);
export const providerName = z
  .string()
  .trim()
  .min(1, "is required")
  .max(200)
  .regex(/^$|^[A-Za-z0-9][A-Za-z0-9._:-]*$/, "letters, digits and . _ : - only, starting with a letter or digit");

export const providerKind = z.enum(providerKinds);
export const providerState = z.enum(providerStates);
export const generation = z.number().int().min(0);
const attributeValue = z.union([z.string(), z.number(), z.boolean()]);
export const attributes = z.record(z.string().min(1), attributeValue);

// Every check carries its own message: in zod v4 a schema-level `error` would otherwise stand in for
// the messages of checks that have none ("must be a number" for -5).
const number = () => z.number({ error: "must be a number" });
const int = (min: number) => number().int("must be a whole number").min(min, `must be at least ${min}`);

/** The fields of one inventory record, as OpenStack Placement has them. maxUnit defaults to total. */
export const inventoryFieldsObject = z.object({
  total: int(0),
  reserved: int(0).default(0),
  minUnit: int(1).default(1),
  maxUnit: int(1).optional(),
  stepSize: int(1).default(1),
  allocationRatio: number().positive("must be greater than 0").max(1000, "must be at most 1000").default(1),
});

type InventoryShape = z.output<typeof inventoryFieldsObject>;
function checkInventory(v: InventoryShape, ctx: z.RefinementCtx): void {
  if (v.reserved > v.total) ctx.addIssue({ code: "custom", path: ["reserved"], message: `must not exceed total (${v.total})` });
  const maxUnit = v.maxUnit ?? Math.max(v.total, 1);
  if (v.minUnit > maxUnit) ctx.addIssue({ code: "custom", path: ["minUnit"], message: `must not exceed maxUnit (${maxUnit})` });
}

export const inventoryFields = inventoryFieldsObject.superRefine(checkInventory);
export type InventoryFields = z.output<typeof inventoryFields>;

/** Inventories keyed by resource class: `{ VCPU: { total: 128, allocationRatio: 4 } }`. */
export const inventoryMap = z.record(resourceClassName, inventoryFields);

const providerCore = {
  name: providerName,
  kind: providerKind,
  subtype: z.string().trim().min(1).max(100).nullish(),
  state: z.enum(["active", "maintenance", "disabled"]).default("active"),
  hardwareModelId: z.string().trim().min(1).nullish(),
  attributes: attributes.default({}),
  inventories: inventoryMap.default({}),
  traits: z.array(traitName).default([]),
};

export const providerCreateInput = z.object({
  ...providerCore,
  parentId: z.uuid("must be a provider id").nullish(),
  aggregateIds: z.array(z.uuid("must be an aggregate id")).default([]),
});
export type ProviderCreateInput = z.output<typeof providerCreateInput>;

export const providerUpdateInput = z.object({
  id: z.uuid(),
  generation,
  name: providerName.optional(),
  subtype: z.string().trim().min(1).max(100).nullish(),
  state: z.enum(["active", "maintenance", "disabled"]).optional(),
  parentId: z.uuid("must be a provider id").nullish(),
  hardwareModelId: z.string().trim().min(1).nullish(),
  attributes: attributes.optional(),
});
export type ProviderUpdateInput = z.output<typeof providerUpdateInput>;

export const providerRef = z.object({ id: z.uuid(), generation });

/** What the provider list can be narrowed by: the same fields in the list, its summary and the URL. */
const providerFilterFields = {
  kind: providerKind.optional(),
  zone: z.string().trim().min(1).optional(),
  rack: z.string().trim().min(1).optional(),
  trait: traitName.optional(),
  state: providerState.optional(),
  search: z.string().trim().max(200).optional(),
};
export const providerFilterInput = z.object(providerFilterFields).default({});
export type ProviderFilterInput = z.output<typeof providerFilterInput>;

/**
 * The provider list's order: a column, or `util.<CLASS>` (used over capacity of that class), with a
 * leading `-` for descending (`name`, `-updated`, `-util.VCPU`). Ties fall back to name, then id.
 */
export const providerSortKeys = ["name", "kind", "state", "zone", "rack", "updated"] as const;
export type ProviderSortKey = (typeof providerSortKeys)[number] | "util";
export type ProviderSort = { key: ProviderSortKey; descending: boolean; resourceClass?: string };
const sortPattern = new RegExp(`^-?(${providerSortKeys.join("|")}|util\\.[A-Z][A-Z0-9_]*)$`);
export const providerSort = z
  .string()
  .trim()
  .regex(sortPattern, `must be one of ${providerSortKeys.join(", ")} or util.<RESOURCE_CLASS> (util.VCPU), with a leading - for descending`);

/** The parts of a sort value; null when it is not one (what providerSort refuses). */
export function parseSort(value: string): ProviderSort | null {
  const trimmed = value.trim();
  if (!sortPattern.test(trimmed)) return null;
  const descending = trimmed.startsWith("-");
  const body = descending ? trimmed.slice(1) : trimmed;
  if (body.startsWith("util.")) return { key: "util", descending, resourceClass: body.slice("util.".length) };
  return { key: body as ProviderSortKey, descending };
}

export function sortToString(sort: ProviderSort): string {
  return `${sort.descending ? "-" : ""}${sort.key === "util" ? `util.${sort.resourceClass ?? ""}` : sort.key}`;
}

export const providerListInput = z
  .object({
    ...providerFilterFields,
    sort: providerSort.default("name"),
    limit: z.number().int().min(1).max(1000).default(100),
    offset: z.number().int().min(0).default(0),
  })
  .default({ sort: "name", limit: 100, offset: 0 });
export type ProviderListInput = z.output<typeof providerListInput>;

export const inventorySetInput = inventoryFieldsObject
  .extend({ providerId: z.uuid(), generation, resourceClass: resourceClassName })
  .superRefine(checkInventory);
export type InventorySetInput = z.output<typeof inventorySetInput>;

export const inventoryRemoveInput = z.object({ providerId: z.uuid(), generation, resourceClass: resourceClassName });

export const setTraitsInput = z.object({ id: z.uuid(), generation, traits: z.array(traitName) });
export const setAggregatesInput = z.object({ id: z.uuid(), generation, aggregateIds: z.array(z.uuid()) });

/**
 * One provider of an import file. Parents and aggregates are named, not ids, so a file can build a
 * whole tree: a parent may be an existing provider or one defined anywhere in the same file.
 * Aggregates that do not exist yet are created (kind "reachability").
 */
export const providerImportRow = z.object({
  ...providerCore,
  parent: providerName.nullish(),
  aggregates: z.array(z.string().trim().min(1).max(200)).default([]),
});
export type ProviderImportRow = z.output<typeof providerImportRow>;

export const importInput = z.object({
  format: z.enum(["json", "csv"]),
  content: z.string().max(20_000_000, "file too large (20 MB at most)"),
  dryRun: z.boolean().default(false),
});
export type ImportInput = z.output<typeof importInput>;

export const auditRecentInput = z
  .object({ limit: z.number().int().min(1).max(500).default(50) })
  .default({ limit: 50 });

export const consumerListInput = z
  .object({
    providerId: z.uuid().optional(),
    projectId: z.string().trim().min(1).optional(),
    search: z.string().trim().max(200).optional(),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).default(0),
  })
  .default({ limit: 50, offset: 0 });
export type ConsumerListInput = z.output<typeof consumerListInput>;

