import { formatAmount, formatPercent, utilisation } from "../../_lib/units";

export function heatClass(fraction: number): "" | "hot" | "critical" {
  return fraction >= 0.95 ? "critical" : fraction >= 0.85 ? "hot" : "";
}

/** A compact used-of-capacity bar for tables, with the percentage and a full tooltip. */
export function UsageBar({ resourceClass, used, capacity }: { resourceClass: string; used: number; capacity: number }) {
  const fraction = utilisation(used, capacity);
  const width = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 1)) * 100;
  const text = `${formatAmount(resourceClass, used)} of ${formatAmount(resourceClass, capacity)} used`;
  return (
    <div className="usage" title={text}>
      <div className="usage-track" role="meter" aria-label={`${resourceClass} used`} aria-valuemin={0}
        aria-valuemax={capacity} aria-valuenow={used} aria-valuetext={text}>
        <div className={`usage-fill ${heatClass(fraction)}`} style={{ width: `${width}%` }} />
      </div>
      <span className="usage-label">{formatPercent(fraction)}</span>
    </div>
  );
}
