"use client";
import { useQuery } from "@tanstack/react-query";
import type { Route } from "next";
import { useRouter } from "next/navigation";
import { useTRPC } from "../../_lib/trpc";
import { CountBars } from "../charts/count-bars";
import { Sized } from "../charts/sized";
import { Empty } from "../ui/states";

const STATES = ["active", "maintenance", "disabled", "retired"] as const;
const STATE_CLASS: Record<string, string> = { active: "used", maintenance: "used hot", disabled: "track", retired: "track" };
const ROW = 26;
const MARGIN = { top: 4, right: 48, bottom: 4, left: 96 };

/** Hosts by state (from the summary) and by hardware model (from the catalogue). */
export function HostCounts({ hostStates }: { hostStates: Record<string, number> | undefined }) {
  const trpc = useTRPC();
  const router = useRouter();
  const models = useQuery(trpc.catalog.hardwareModels.queryOptions());
  const stateRows = STATES.map((s) => ({ key: s, label: s, count: hostStates?.[s] ?? 0, className: STATE_CLASS[s] }));
  const modelRows = (models.data ?? []).map((m) => ({ key: m.id, label: m.id, count: m.hosts }));
  const hs = stateRows.length * ROW + MARGIN.top + MARGIN.bottom;
  const hm = Math.max(1, modelRows.length) * ROW + MARGIN.top + MARGIN.bottom;
  return (
    <section className="panel" aria-labelledby="hosts-title" data-testid="chart-hosts">
      <div className="panel-head"><h2 id="hosts-title">Hosts</h2></div>
      <div className="panel-body stack" style={{ gap: "var(--space-3)" }}>
        <div>
          <h3 className="form-section-title" style={{ marginBottom: 4 }}>By state</h3>
          <Sized minHeight={hs}>
            {(width) => (
              <CountBars rows={stateRows} width={width} height={hs} margin={MARGIN} title="Hosts by state"
                onSelect={(row) => router.push(`/providers?kind=host&state=${row.key}` as Route)} />
            )}
          </Sized>
        </div>
        <div>
          <h3 className="form-section-title" style={{ marginBottom: 4 }}>By hardware model</h3>
          {models.isPending ? <div className="skeleton" style={{ height: hm }} /> : modelRows.length === 0 ? (
            <Empty title="No hardware models" />
          ) : (
            <Sized minHeight={hm}>
              {(width) => <CountBars rows={modelRows} width={width} height={hm} margin={MARGIN} title="Hosts by hardware model" />}
            </Sized>
          )}
        </div>
      </div>
    </section>
  );
}
