"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC, type RouterOutputs } from "../../_lib/trpc";
import { classLabel, formatAmount, formatPercent, utilisation } from "../../_lib/units";
import { Sized } from "../charts/sized";
import { seriesColors, StackedArea } from "../charts/stacked-area";
import { ErrorState, Loading } from "../ui/states";
import { download, toCsv } from "./csv";
import type { ReportRange } from "./report-range";

export const REPORT_CLASSES = ["VCPU", "MEMORY_MB", "DISK_GB", "VOLUME_GB", "OBJECT_GB", "IOPS", "NET_BW_MBPS", "IPV4_ADDRESS", "FLOATING_IP"];
export const SPLITS = [
  { id: "zone", label: "zone" }, { id: "rack", label: "rack" }, { id: "hardwareModel", label: "hardware model" }, { id: "project", label: "project (business line)" },
] as const;
export type Split = (typeof SPLITS)[number]["id"];
type Series = RouterOutputs["reports"]["series"];

/** Pivots the server's (day, key) points into one array per key over the days, with the capacity per day. */
export function pivot(data: Series) {
  const days = [...new Set(data.points.map((p) => p.day))].sort();
  const index = new Map(days.map((d, i) => [d, i]));
  const values = new Map(data.keys.map((k) => [k, new Array<number>(days.length).fill(0)]));
  const capacity = new Array<number>(days.length).fill(0);
  for (const p of data.points) {
    const i = index.get(p.day)!;
    values.get(p.key)![i] = p.used;
    capacity[i]! += p.capacity;
  }
  return { days, series: data.keys.map((key) => ({ key, values: values.get(key)! })), capacity };
}

export function UsagePanel({ range, resourceClass, split, onChange }: {
  range: ReportRange; resourceClass: string; split: Split; onChange: (change: { class?: string; by?: Split }) => void;
}) {
  const trpc = useTRPC();
  const q = useQuery(trpc.reports.series.queryOptions({ resourceClass, by: split, from: range.from, to: range.to }));
  const fmt = (v: number) => formatAmount(resourceClass, v);
  const data = q.data ? pivot(q.data) : null;
  const hasCapacity = split !== "project";
  const last = data ? data.days.length - 1 : -1;
  const exportCsv = () => {
    if (!q.data) return;
    download(`headroom-use-${resourceClass}-by-${split}-${range.from}.csv`, toCsv(
      ["day", split, "class", "used", hasCapacity ? "capacity" : "capacity (n/a for projects)", "utilisation"],
      q.data.points.map((p) => [p.day, p.key, resourceClass, p.used, hasCapacity ? p.capacity : null, hasCapacity && p.capacity > 0 ? p.used / p.capacity : null]),
    ));
  };
  return (
    <section className="panel report-section" aria-labelledby="usage-title" data-testid="usage-panel">
      <div className="panel-head">
        <div>
          <h2 id="usage-title">{classLabel(resourceClass)} use over time, by {SPLITS.find((s) => s.id === split)?.label}</h2>
          <p>One point a day (the day&apos;s snapshots averaged); {range.label}.{hasCapacity ? " Dashed: capacity." : " Projects consume; capacity belongs to the cells."}</p>
        </div>
        <div className="report-controls no-print">
          <label className="visually-hidden" htmlFor="usage-class">Resource class</label>
          <select id="usage-class" className="select" value={resourceClass} onChange={(e) => onChange({ class: e.target.value })}>
            {REPORT_CLASSES.map((rc) => <option key={rc} value={rc}>{classLabel(rc)}</option>)}
          </select>
          <label className="visually-hidden" htmlFor="usage-split">Split by</label>
          <select id="usage-split" className="select" value={split} onChange={(e) => onChange({ by: e.target.value as Split })}>
            {SPLITS.map((s) => <option key={s.id} value={s.id}>by {s.label}</option>)}
          </select>
          <button type="button" className="btn btn-sm" onClick={exportCsv} disabled={!q.data} data-testid="export-csv">Export CSV</button>
        </div>
      </div>
      <div className="panel-body">
        {q.isPending ? <Loading rows={6} /> : q.isError ? <ErrorState title="Could not load the history" error={q.error} onRetry={() => void q.refetch()} /> : data && (
          <>
            <Sized minHeight={280}>{(w) => (
              <StackedArea days={data.days} series={data.series} capacity={hasCapacity ? data.capacity : undefined} width={w} height={280}
                margin={{ top: 10, right: 16, bottom: 26, left: 70 }} format={fmt} title={`${classLabel(resourceClass)} use by ${split}`} />
            )}</Sized>
            <Legend keys={data.series.map((s) => s.key)} values={data.series.map((s) => s.values[last] ?? 0)} total={hasCapacity ? data.capacity[last] ?? 0 : data.series.reduce((s, x) => s + (x.values[last] ?? 0), 0)} fmt={fmt} />
          </>
        )}
      </div>
    </section>
  );
}

function Legend({ keys, values, total, fmt }: { keys: string[]; values: number[]; total: number; fmt: (v: number) => string }) {
  const color = seriesColors(keys);
  return (
    <div className="chart-legend report-legend">
      {keys.map((k, i) => (
        <span key={k}><i style={{ background: color(k) }} />{k}: {fmt(values[i] ?? 0)} ({formatPercent(utilisation(values[i] ?? 0, total))})</span>
      ))}
    </div>
  );
}
