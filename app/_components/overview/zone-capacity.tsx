import { CapacityBars } from "../charts/capacity-bars";
import { Sized } from "../charts/sized";
import { Empty } from "../ui/states";
import { classLabel } from "../../_lib/units";
import { byClassOrder } from "../../_lib/class-order";

type Row = { zone: string | null; resourceClass: string; capacity: number; used: number };

const ROW = 28;
const MARGIN = { top: 4, right: 150, bottom: 4, left: 64 };

/** One small chart per resource class, zones as rows on a shared axis, so zone sizes compare. */
export function ZoneCapacity({ rows }: { rows: Row[] }) {
  const classes = [...new Set(rows.map((r) => r.resourceClass))].sort(byClassOrder);
  return (
    <section className="panel" aria-labelledby="by-zone-title" data-testid="chart-by-zone">
      <div className="panel-head">
        <div>
          <h2 id="by-zone-title">Capacity by availability zone</h2>
          <p>Track length is the zone&apos;s capacity; the fill is what is allocated.</p>
        </div>
      </div>
      <div className="panel-body">
        {classes.length === 0 ? <Empty title="No inventory yet" /> : (
          <div className="grid grid-3" style={{ gap: "var(--space-4) var(--space-5)" }}>
            {classes.map((rc) => {
              const data = rows
                .filter((r) => r.resourceClass === rc)
                .map((r) => ({ key: r.zone ?? "—", label: r.zone ?? "regional", resourceClass: rc, capacity: r.capacity, used: r.used }));
              const height = data.length * ROW + MARGIN.top + MARGIN.bottom;
              return (
                <figure key={rc} style={{ margin: 0 }}>
                  <figcaption style={{ fontWeight: 600, marginBottom: 4 }}>
                    {classLabel(rc)} <span className="faint mono" style={{ fontWeight: 400, fontSize: 11 }}>{rc}</span>
                  </figcaption>
                  <Sized minHeight={height}>
                    {(width) => (
                      <CapacityBars rows={data} width={width} height={height} margin={MARGIN} scale="absolute"
                        title={`${classLabel(rc)} by availability zone`} />
                    )}
                  </Sized>
                </figure>
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}
