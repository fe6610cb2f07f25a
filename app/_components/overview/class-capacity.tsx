import { CapacityBars, type CapacityRow } from "../charts/capacity-bars";
import { Sized } from "../charts/sized";
import { Empty } from "../ui/states";
import { classLabel } from "../../_lib/units";
import { byClassOrder } from "../../_lib/class-order";

const ROW = 30;
const MARGIN = { top: 6, right: 170, bottom: 22, left: 110 };

/** Used against capacity for every resource class, each on its own 0-100% track (units differ). */
export function ClassCapacity({ rows }: { rows: { resourceClass: string; capacity: number; used: number }[] }) {
  const data: CapacityRow[] = [...rows].sort((a, b) => byClassOrder(a.resourceClass, b.resourceClass)).map((r) => ({ key: r.resourceClass, label: classLabel(r.resourceClass), ...r }));
  const height = data.length * ROW + MARGIN.top + MARGIN.bottom;
  return (
    <section className="panel" aria-labelledby="by-class-title" data-testid="chart-by-class">
      <div className="panel-head">
        <div>
          <h2 id="by-class-title">Capacity by resource class</h2>
          <p>Share of capacity in use, all providers.</p>
        </div>
      </div>
      <div className="panel-body">
        {data.length === 0 ? <Empty title="No inventory yet" /> : (
          <Sized minHeight={height}>
            {(width) => <CapacityBars rows={data} width={width} height={height} margin={MARGIN} title="Used against capacity by resource class" />}
          </Sized>
        )}
      </div>
    </section>
  );
}
