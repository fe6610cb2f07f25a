// The filter pipeline, in order. The first plugin that leaves a request with no host names the binding rule.
import { capacity } from "./capacity";
import { computeResources } from "./compute-resources";
import { hostState } from "./host-state";
import { networkReach } from "./network-reach";
import { pinnedHost } from "./pinned-host";
import { serverGroup } from "./server-group";
import { storageReach } from "./storage-reach";
import { traits } from "./traits";
import type { FilterPlugin } from "./types";
import { zone } from "./zone";

export const filterPlugins: readonly FilterPlugin[] = [pinnedHost, zone, traits, computeResources, storageReach, networkReach, hostState, serverGroup, capacity];
export const staticFilters = filterPlugins.filter((p) => p.stage === "static");
export const dynamicFilters = filterPlugins.filter((p) => p.stage === "dynamic");

/** Every reason code a filter can give. */
export const reasonCodes: readonly string[] = [...new Set(filterPlugins.flatMap((p) => Object.keys(p.reasons)))];
