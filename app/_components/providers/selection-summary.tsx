"use client";
import { useQuery } from "@tanstack/react-query";
import type { ListInput } from "../../_lib/provider-filters";
import { useTRPC } from "../../_lib/trpc";
import { classLabel, formatKindCounts, formatPair, formatPercent, utilisation } from "../../_lib/units";
import { byClassOrder } from "../../_lib/class-order";
import { UsageBar } from "../ui/usage-bar";

const SHOWN = 4;

/**
 * The headroom of the current selection, whatever page is shown: capacity against use summed over
 * every provider that matches the filters ("these 20 hosts: vCPU 16%, memory 33%"), by the server
 * (providers.summary), however many match.
 */
export function SelectionSummary({ input, total }: { input: ListInput; total: number | undefined }) {
  const trpc = useTRPC();
  const { limit: _limit, offset: _offset, sort: _sort, ...filter } = input;
  const enabled = total !== undefined && total > 0;
  const summary = useQuery({ ...trpc.providers.summary.queryOptions(filter), enabled });
  if (!enabled || !summary.data) return null;
  const totals = summary.data;
  const classes = [...totals.byClass].sort((a, b) => byClassOrder(a.resourceClass, b.resourceClass)).slice(0, SHOWN);
  if (classes.length === 0) return null;
  const counted = formatKindCounts(totals.kinds);
  return (
    <div className="selection-summary" data-testid="selection-summary" aria-label="Capacity of the selection">
      <span className="muted">Selection ({counted})</span>
      {classes.map((c) => (
        <span key={c.resourceClass} className="selection-class" title={`${classLabel(c.resourceClass)}: ${formatPair(c.resourceClass, c.used, c.capacity)} (${formatPercent(utilisation(c.used, c.capacity))})`}>
          <strong>{classLabel(c.resourceClass)}</strong>
          <UsageBar resourceClass={c.resourceClass} used={c.used} capacity={c.capacity} />
          <span className="faint nowrap">{formatPair(c.resourceClass, c.used, c.capacity)}</span>
        </span>
      ))}
    </div>
  );
}
