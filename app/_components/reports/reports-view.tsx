"use client";
import { useQuery } from "@tanstack/react-query";
import type { Route } from "next";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "../../_lib/trpc";
import { classLabel, formatPercent, utilisation } from "../../_lib/units";
import { ErrorState, Loading } from "../ui/states";
import { ConsumersPanel, StrandedPanel } from "./consumers-panel";
import { RANGE_PRESETS, rangeSearch, readRange } from "./report-range";
import { firstToWatch, RunwayPanel, when, type RunwayRow } from "./runway-panel";
import { REPORT_CLASSES, SPLITS, UsagePanel, type Split } from "./usage-panel";

const HEADLINE = ["VCPU", "MEMORY_MB", "VOLUME_GB", "IPV4_ADDRESS", "FLOATING_IP"];

/**
 * The capacity report: key figures, use over time by class, zone, rack, hardware model or project,
 * the runway per class and zone, top consumers and stranded capacity. The range, the class and the
 * split live in the URL, so the PDF (Chromium printing this very page) shows what the screen shows.
 */
export function ReportsView() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const [now] = useState(() => Date.now());
  const range = readRange(params, now);
  const resourceClass = REPORT_CLASSES.includes(params.get("class") ?? "") ? params.get("class")! : "VCPU";
  const split = (SPLITS.find((s) => s.id === params.get("by"))?.id ?? "zone") as Split;
  const [selected, setSelected] = useState<string | null>(params.get("runway"));
  const runway = useQuery(trpc.reports.runway.queryOptions({ windowDays: 180 }));
  const top = useQuery(trpc.reports.topConsumers.queryOptions());
  const stranded = useQuery(trpc.reports.stranded.queryOptions());
  const go = (search: string) => router.replace(`${pathname}?${search}` as Route, { scroll: false });
  const set = (change: Record<string, string>) => {
    const p = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(change)) p.set(k, v);
    go(p.toString());
  };
  const [from, setFrom] = useState(range.preset === null ? range.from : "");
  const [to, setTo] = useState(range.to ?? "");
  const pdfHref = `/api/reports/pdf?${params.toString()}`;
  const ready = runway.isSuccess && top.isSuccess && stranded.isSuccess;
  const asOf = runway.data?.runway[0]?.fit.to;

  return (
    <div className="report" data-report-ready={ready ? "true" : "false"}>
      <div className="page-head report-head">
        <div>
          <p className="report-kicker">Headroom · capacity report</p>
          <h1>Capacity and runway</h1>
          <p>Where capacity is, how fast it is used and when it runs out{asOf ? `, as of ${when(asOf)}` : ""}. Use over time: {range.label}.</p>
        </div>
        <div className="report-actions no-print">
          <button type="button" className="btn" onClick={() => window.print()}>Print</button>
          <a className="btn btn-primary" href={pdfHref} data-testid="download-pdf">Download PDF</a>
        </div>
      </div>
      <div className="panel report-range no-print" role="group" aria-label="Range">
        {RANGE_PRESETS.map((p) => (
          <button key={p.id} type="button" className={`btn btn-sm${range.preset === p.id ? " btn-primary" : ""}`} aria-pressed={range.preset === p.id} onClick={() => go(rangeSearch(params.toString(), { range: p.id }))}>
            {p.label}
          </button>
        ))}
        <form className="report-dates" onSubmit={(e) => { e.preventDefault(); if (from) go(rangeSearch(params.toString(), to ? { from, to } : { from })); }}>
          <label htmlFor="range-from">From</label>
          <input id="range-from" type="date" className="input" value={from} onChange={(e) => setFrom(e.target.value)} />
          <label htmlFor="range-to">to</label>
          <input id="range-to" type="date" className="input" value={to} onChange={(e) => setTo(e.target.value)} />
          <button type="submit" className="btn btn-sm">Apply</button>
        </form>
      </div>
      {runway.isPending ? <div className="panel"><Loading label="Loading the report…" rows={6} /></div>
        : runway.isError ? <div className="panel"><ErrorState title="Could not load the report" error={runway.error} onRetry={() => void runway.refetch()} /></div>
        : (
          <div className="stack">
            <Headline rows={runway.data.runway} />
            <UsagePanel range={range} resourceClass={resourceClass} split={split} onChange={(c) => set({ ...(c.class ? { class: c.class } : {}), ...(c.by ? { by: c.by } : {}) })} />
            <RunwayPanel rows={runway.data.runway} windowDays={runway.data.windowDays} selected={selected} onSelect={setSelected} />
            <div className="grid grid-2 report-pair">
              {top.data ? <ConsumersPanel top={top.data} /> : <div className="panel"><Loading rows={5} /></div>}
              {stranded.data ? <StrandedPanel stranded={stranded.data} /> : <div className="panel"><Loading rows={5} /></div>}
            </div>
            <p className="report-footnote">
              Figures from the utilisation snapshots (every six hours, and on demand). Capacity is (total − reserved) × allocation ratio.
              The demo&apos;s history is generated: steady growth, a weekly rhythm and daily variation from the Alibaba 2018 cluster trace
              (cluster-trace-v2018, CC BY 4.0), and the 6.18 and Double 11 sales.
            </p>
          </div>
        )}
    </div>
  );
}

/** Key figures: per headline class, use now over all zones and the earliest runway of its zones. */
function Headline({ rows }: { rows: RunwayRow[] }) {
  return (
    <dl className="stats report-stats" data-testid="report-headline">
      {HEADLINE.map((rc) => {
        const mine = rows.filter((r) => r.class === rc);
        if (mine.length === 0) return null;
        const used = mine.reduce((s, r) => s + r.used, 0);
        const cap = mine.reduce((s, r) => s + r.capacity, 0);
        const watch = firstToWatch(mine);
        return (
          <div className="stat" key={rc}>
            <dt>{classLabel(rc)}</dt>
            <dd>{formatPercent(utilisation(used, cap))}
              <small>{watch?.exhaustsAtConservative ? `full ${when(watch.exhaustsAtConservative)} in ${watch.zone ?? "region"} (conservative)` : "not running out"}</small>
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
