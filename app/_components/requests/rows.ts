import type { RouterOutputs } from "../../_lib/trpc";
import type { AllocationRow, JournalRow } from "./request-panels";
import type { TimelineEvent } from "./request-timeline";
import type { RequestRow } from "./types";

type ListItem = RouterOutputs["requests"]["list"]["items"][number];
type Detail = RouterOutputs["requests"]["get"];

/** The list's item as the table shows it. */
export function toRequestRow(item: ListItem | Detail): RequestRow {
  return {
    id: item.id, name: item.name, key: item.key, projectId: item.projectId, flavorId: item.flavorId, state: item.state,
    priority: item.priority, zone: item.zone, pinnedHost: item.pinnedHost, serverGroup: item.serverGroup ?? null,
    attempts: item.attempts, code: item.code, reason: item.lastError, host: item.host, serverId: item.serverId,
    claimedBy: item.claimedBy, leaseUntil: item.leaseUntil, notBefore: item.notBefore, cancelRequested: item.cancelRequested, deleteRequested: item.deleteRequested,
    createdAt: item.createdAt, updatedAt: item.updatedAt, activeAt: item.activeAt,
  };
}

type Group = { resources: Record<string, number>; requiredTraits?: string[]; forbiddenTraits?: string[]; volumeType?: string };
type Spec = { compute?: Group; storage?: Group[]; network?: Group[] };

export type RequestDetail = RequestRow & {
  spec: Spec | null;
  submittedBy: string | null;
  /** The host's provider id, from its allocations (for the link). */
  hostId: string | null;
  allocations: AllocationRow[];
  journal: JournalRow[];
  history: TimelineEvent[];
};

/** The request page's data. */
export function toRequestDetail(detail: Detail): RequestDetail {
  const allocations = detail.allocations as AllocationRow[];
  return {
    ...toRequestRow(detail),
    spec: (detail.spec as Spec | null) ?? null,
    submittedBy: detail.submittedBy ?? null,
    hostId: allocations.find((a) => a.kind === "host")?.providerId ?? null,
    allocations,
    journal: detail.journal as JournalRow[],
    history: detail.history as TimelineEvent[],
  };
}
