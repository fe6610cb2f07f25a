"use client";
import { useQuery } from "@tanstack/react-query";
import type { Route } from "next";
import Link from "next/link";
import { useTRPC } from "../../_lib/trpc";
import { classLabel, formatKindCounts } from "../../_lib/units";
import { CapacityBars } from "../charts/capacity-bars";
import { Sized } from "../charts/sized";
import { byClassOrder } from "../../_lib/class-order";
import { Empty, ErrorState, Loading } from "../ui/states";
import type { ProviderDetail } from "./types";

const ROW = 28;
const MARGIN = { top: 4, right: 170, bottom: 22, left: 110 };

/**
 * A grouping (region, zone, rack) holds no inventory itself: what matters is the capacity of the
 * hosts, storage and networks beneath it, summed per class (by the server: providers.summary).
 */
export function GroupCapacityPanel({ provider }: { provider: ProviderDetail }) {
  const filter = provider.kind === "rack" ? { rack: provider.name } : provider.kind === "zone" ? { zone: provider.name } : {};
  const trpc = useTRPC();
  const below = useQuery(trpc.providers.summary.queryOptions(filter));
  const totals = below.data ?? { byClass: [], kinds: {} };
  const rows = [...totals.byClass]
    .sort((a, b) => byClassOrder(a.resourceClass, b.resourceClass))
    .map((c) => ({ key: c.resourceClass, label: classLabel(c.resourceClass), ...c }));
  const height = rows.length * ROW + MARGIN.top + MARGIN.bottom;
  const counts = formatKindCounts(totals.kinds);
  const listHref = (provider.kind === "region" ? "/providers" : `/providers?${provider.kind}=${encodeURIComponent(provider.name)}`) as Route;
  return (
    <section className="panel" aria-labelledby="below-title" data-testid="group-capacity">
      <div className="panel-head">
        <div>
          <h2 id="below-title">Capacity below this {provider.kind}</h2>
          <p>{below.data ? `Summed over ${counts || "no providers with inventory"}.` : "The hosts, storage and networks beneath it, summed."}</p>
        </div>
        <Link className="btn btn-sm" href={listHref}>List them</Link>
      </div>
      <div className="panel-body">
        {below.isPending ? <Loading rows={4} /> : below.isError ? <ErrorState error={below.error} onRetry={() => void below.refetch()} /> :
          rows.length === 0 ? <Empty title="Nothing with inventory below" /> : (
            <Sized minHeight={height}>
              {(width) => <CapacityBars rows={rows} width={width} height={height} margin={MARGIN} title={`Capacity below ${provider.name}`} />}
            </Sized>
          )}
      </div>
    </section>
  );
}
