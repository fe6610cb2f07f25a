import type { RouterOutputs } from "../../_lib/trpc";

export type ProviderDetail = RouterOutputs["providers"]["get"];
export type InventoryRow = ProviderDetail["inventories"][number];
