"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC, type RouterOutputs } from "../../_lib/trpc";
import { formatCount, formatPercent, utilisation } from "../../_lib/units";
import { ErrorState, Loading } from "../ui/states";
import { ClassCapacity } from "./class-capacity";
import { FlavorHeadroomPanel } from "./flavor-headroom-panel";
import { HostCounts } from "./host-counts";
import { RackHeatPanel } from "./rack-heat-panel";
import { RecentChanges } from "./recent-changes";
import { ZoneCapacity } from "./zone-capacity";

export type Summary = RouterOutputs["overview"]["summary"];

/** The inventory at a glance: capacity against use per class, per zone, per rack; hosts by state and model. */
export function OverviewView() {
  const trpc = useTRPC();
  const summary = useQuery(trpc.overview.summary.queryOptions());
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Overview</h1>
          <p>Capacity against use across the inventory. Capacity is (total − reserved) × allocation ratio; retired providers are left out.</p>
        </div>
      </div>
      {summary.isPending ? (
        <div className="panel"><Loading label="Loading the overview…" rows={8} /></div>
      ) : summary.isError ? (
        <div className="panel"><ErrorState title="Could not load the overview" error={summary.error} onRetry={() => void summary.refetch()} /></div>
      ) : (
        <OverviewBody summary={summary.data} />
      )}
    </>
  );
}

function OverviewBody({ summary }: { summary: Summary }) {
  const hosts = summary.providers.host;
  const cls = (rc: string) => summary.byClass.find((c) => c.resourceClass === rc);
  const vcpu = cls("VCPU");
  const memory = cls("MEMORY_MB");
  return (
    <>
      <dl className="stats" data-testid="overview-stats">
        <Stat label="Hosts" value={formatCount(hosts?.total ?? 0)} note={hosts ? `${formatCount(hosts.active ?? 0)} active` : undefined} />
        <Stat label="Storage backends" value={formatCount(summary.providers.storage?.total ?? 0)} />
        <Stat label="Networks" value={formatCount(summary.providers.network?.total ?? 0)} />
        <Stat label="Consumers" value={formatCount(summary.consumers)} note={`${formatCount(summary.allocations)} allocations`} />
        <Stat label="vCPU used" value={vcpu ? formatPercent(utilisation(vcpu.used, vcpu.capacity)) : "—"} />
        <Stat label="Memory used" value={memory ? formatPercent(utilisation(memory.used, memory.capacity)) : "—"} />
      </dl>
      <div className="stack">
        <div className="grid grid-main-side">
          <ClassCapacity rows={summary.byClass} />
          <HostCounts hostStates={hosts} />
        </div>
        <ZoneCapacity rows={summary.byZone} />
        <RackHeatPanel racks={summary.rackHosts} sums={summary.byRack} />
        <FlavorHeadroomPanel />
        <RecentChanges limit={8} />
      </div>
    </>
  );
}

function Stat({ label, value, note }: { label: string; value: string; note?: string | undefined }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>{value}{note && <small>{note}</small>}</dd>
    </div>
  );
}
