"use client";
import type { Route } from "next";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { rackHeat, type RackHosts, type RackSum } from "../../_lib/rack-heat";
import { classLabel, formatCount, formatPair } from "../../_lib/units";
import { HeatLegend, HeatStrip } from "../charts/heat-strip";
import { Sized } from "../charts/sized";
import { Empty } from "../ui/states";

const CLASSES = ["VCPU", "MEMORY_MB", "DISK_GB"] as const;
/** The select's first choice: every class at once, each rack coloured by its fullest one. */
const TIGHTEST = "tightest";
const ROW = 40;
const MARGIN = { top: 2, right: 8, bottom: 2, left: 64 };

/**
 * Utilisation per rack as a heat strip, one strip per zone; a click opens that rack's hosts. The sums
 * come from the overview summary (the server adds the hosts up), so the browser never lists them.
 */
export function RackHeatPanel({ racks: rackHosts, sums }: { racks: readonly RackHosts[]; sums: readonly RackSum[] }) {
  const router = useRouter();
  const [rc, setRc] = useState<string>(TIGHTEST);
  const racks = rackHeat(rackHosts, sums, rc === TIGHTEST ? CLASSES : rc);
  const what = rc === TIGHTEST ? "The fullest of vCPU, memory and local disk" : classLabel(rc);
  const zones = new Set(racks.map((r) => r.zone)).size;
  const height = Math.max(1, zones) * ROW + MARGIN.top + MARGIN.bottom;
  return (
    <section className="panel" aria-labelledby="racks-title" data-testid="chart-racks">
      <div className="panel-head">
        <div>
          <h2 id="racks-title">Utilisation by rack</h2>
          <p>{what}: allocated over capacity of the hosts in each rack. Select a rack to list its hosts.</p>
        </div>
        <div style={{ display: "flex", gap: 16, alignItems: "center" }}>
          <HeatLegend />
          <label htmlFor="rack-class" className="muted" style={{ fontSize: "var(--text-sm)" }}>Class</label>
          <select id="rack-class" className="select" style={{ width: 150 }} value={rc} onChange={(e) => setRc(e.target.value)}>
            <option value={TIGHTEST}>Fullest class</option>
            {CLASSES.map((c) => <option key={c} value={c}>{classLabel(c)}</option>)}
          </select>
        </div>
      </div>
      <div className="panel-body">
        {racks.length === 0 ? <Empty title="No hosts in racks" /> : (
            <Sized minHeight={height}>
              {(width) => (
                <HeatStrip
                  width={width} height={height} margin={MARGIN} title={`${what}: utilisation by rack`}
                  cells={racks.map((r) => ({
                    key: `${r.zone}/${r.rack}`, label: r.rack, short: r.rack.split("-").at(-1) ?? r.rack, group: r.zone, fraction: r.fraction,
                    detail: `${classLabel(r.resourceClass)} ${formatPair(r.resourceClass, r.used, r.capacity)} allocated, ${formatCount(r.hosts)} hosts`,
                  }))}
                  onSelect={(cell) => router.push(`/providers?kind=host&zone=${encodeURIComponent(cell.group)}&rack=${encodeURIComponent(cell.label)}` as Route)}
                />
              )}
            </Sized>
          )}
      </div>
    </section>
  );
}
