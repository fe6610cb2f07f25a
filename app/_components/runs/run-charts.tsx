"use client";
import { useState } from "react";
import { column, hostClasses, namesOf, sumOf, zonesOf, type StoredSeries } from "../../_lib/run-series";
import { formatCount, formatPercent } from "../../_lib/units";
import { Legend, PALETTE, TimeLines, type Line, type Mark } from "../charts/time-lines";
import { Sized } from "../charts/sized";

const MARGIN = { top: 12, right: 16, bottom: 24, left: 56 };
const H = 200;

function ChartPanel({ title, lines, marks, yFormat, yMax, note, integer }: { title: string; lines: Line[]; marks: Mark[]; yFormat?: (v: number) => string; yMax?: number; note?: string; integer?: boolean }) {
  return (
    <section className="panel" aria-label={title}>
      <div className="panel-head"><h2>{title}</h2></div>
      <div className="panel-body">
        {lines.every((l) => l.points.length === 0) ? <p className="muted">Nothing of this in the run.</p> : (
          <>
            <Sized minHeight={H}>{(w) => <TimeLines title={title} lines={lines} marks={marks} width={w} height={H} margin={MARGIN} yFormat={yFormat} yMax={yMax} integer={integer} />}</Sized>
            <Legend lines={lines} />
            {note && <p className="hint">{note}</p>}
          </>
        )}
      </div>
    </section>
  );
}

const rate = (v: number) => `${formatCount(Math.round(v))}/s`;
const count = (v: number) => formatCount(Math.round(v));

/** The charts of one run: load, instances, utilisation per class and zone, placements, queues, hosts; failures marked. */
export function RunCharts({ series, marks }: { series: StoredSeries; marks: Mark[] }) {
  const services = namesOf(series, "offered/");
  const classes = hostClasses(series);
  const [service, setService] = useState<string>("(all)");
  const [zoneClass, setZoneClass] = useState<string>(classes.includes("VCPU") ? "VCPU" : classes[0] ?? "VCPU");
  const pick = (prefix: string) => (service === "(all)" ? sumOf(series, prefix) : column(series, `${prefix}${service}`));
  const zones = zonesOf(series, zoneClass);
  const waiting = namesOf(series, "waiting/");
  const step = series.stepSeconds;
  return (
    <div className="stack" data-testid="run-charts">
      <div className="filters" style={{ display: "flex", gap: 12, alignItems: "end" }}>
        {services.length > 0 && (
          <label className="field" style={{ maxWidth: 260 }}>
            <span>Service</span>
            <select className="input" value={service} onChange={(e) => setService(e.target.value)} data-testid="chart-service">
              <option value="(all)">All services ({services.length})</option>
              {services.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </label>
        )}
        <p className="hint">One point per {step >= 60 ? `${(step / 60).toFixed(step % 60 ? 1 : 0)} min` : `${step} s`}{series.rowsPerPoint > 1 ? ` (means of ${series.rowsPerPoint} steps; totals summed)` : ""}. Red bands: failures until repaired.</p>
      </div>
      <div className="grid grid-2">
        {services.length > 0 && (
          <ChartPanel title="Offered and served load" marks={marks} yFormat={rate} lines={[
            { key: "offered", label: "offered (req/s)", points: pick("offered/"), color: PALETTE[1]!, dashed: true },
            { key: "served", label: "served (req/s)", points: pick("served/"), color: PALETTE[0]!, fill: true },
          ]} />
        )}
        {services.length > 0 && (
          <ChartPanel title="Instances and booting" marks={marks} yFormat={count} integer lines={[
            { key: "instances", label: "instances", points: pick("instances/"), color: PALETTE[0]! },
            { key: "booting", label: "booting", points: pick("booting/"), color: PALETTE[1]!, fill: true },
          ]} />
        )}
        <ChartPanel title="Utilisation per resource class" marks={marks} yFormat={(v) => formatPercent(v)} yMax={1}
          lines={classes.map((c, i) => ({ key: c, label: c, points: column(series, `util/${c}`), color: PALETTE[i % PALETTE.length]! }))} />
        <section className="panel" aria-label="Utilisation per zone">
          <div className="panel-head" style={{ display: "flex", justifyContent: "space-between" }}>
            <h2>Utilisation per zone</h2>
            <select className="input" style={{ width: "auto" }} value={zoneClass} onChange={(e) => setZoneClass(e.target.value)} aria-label="Resource class">
              {classes.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          </div>
          <div className="panel-body">
            {(() => {
              const lines = zones.map((z, i) => ({ key: z, label: z, points: column(series, `util/${z}/${zoneClass}`), color: PALETTE[i % PALETTE.length]! }));
              return lines.length === 0 ? <p className="muted">No zones in this run.</p> : (
                <>
                  <Sized minHeight={H}>{(w) => <TimeLines title={`${zoneClass} utilisation per zone`} lines={lines} marks={marks} width={w} height={H} margin={MARGIN} yFormat={(v) => formatPercent(v)} yMax={1} />}</Sized>
                  <Legend lines={lines} />
                </>
              );
            })()}
          </div>
        </section>
        <ChartPanel title="Placements per step" marks={marks} yFormat={count} integer lines={[
          { key: "placed", label: "placed", points: column(series, "placed"), color: PALETTE[2]! },
          { key: "rejected", label: "rejected", points: column(series, "rejected"), color: PALETTE[3]!, fill: true },
        ]} />
        <ChartPanel title="Hosts in use and down" marks={marks} yFormat={count} integer lines={[
          { key: "hostsInUse", label: "in use", points: column(series, "hostsInUse"), color: PALETTE[0]! },
          { key: "hostsDown", label: "down", points: column(series, "hostsDown"), color: PALETTE[3]!, fill: true },
        ]} />
        {waiting.length > 0 && (
          <ChartPanel title="Waiting requests" marks={marks} yFormat={count} integer
            lines={waiting.map((w, i) => ({ key: w, label: w, points: column(series, `waiting/${w}`), color: PALETTE[(i + 4) % PALETTE.length]! }))} />
        )}
      </div>
    </div>
  );
}
