"use client";
import type { RouterOutputs } from "../../_lib/trpc";
import { classLabel, formatAmount, formatPercent } from "../../_lib/units";

type Top = RouterOutputs["reports"]["topConsumers"];
type Stranded = RouterOutputs["reports"]["stranded"];

const COLUMNS = ["VCPU", "MEMORY_MB", "VOLUME_GB", "IPV4_ADDRESS"];

/** Per project: its share of each headline class's capacity, ranked by vCPU, with its 30-day vCPU growth. */
export function projectTable(top: Top) {
  const byProject = new Map<string, Map<string, Top["consumers"][number]>>();
  for (const c of top.consumers) (byProject.get(c.project) ?? byProject.set(c.project, new Map()).get(c.project)!).set(c.class, c);
  return [...byProject.entries()]
    .map(([project, classes]) => ({ project, classes }))
    .sort((a, b) => (b.classes.get("VCPU")?.share ?? 0) - (a.classes.get("VCPU")?.share ?? 0) || a.project.localeCompare(b.project));
}

export function ConsumersPanel({ top, limit = 10 }: { top: Top; limit?: number }) {
  const rows = projectTable(top).slice(0, limit);
  return (
    <section className="panel report-section" aria-labelledby="consumers-title" data-testid="consumers-panel">
      <div className="panel-head">
        <div>
          <h2 id="consumers-title">Top consumers</h2>
          <p>Projects (business lines) by their share of each class&apos;s capacity, ranked by vCPU{top.since ? `; growth since ${top.since.slice(0, 10)}` : ""}.</p>
        </div>
      </div>
      {/* A table wider than the page scrolls: focusable, so the keyboard can scroll it too. */}
      <div className="table-wrap" tabIndex={0} role="group" aria-labelledby="consumers-title">
        <table className="data report-table">
          <thead><tr><th>Project</th>{COLUMNS.map((rc) => <th key={rc} className="num">{classLabel(rc)}</th>)}<th className="num">vCPU, 30 days</th></tr></thead>
          <tbody>
            {rows.map(({ project, classes }) => {
              const vcpu = classes.get("VCPU");
              return (
                <tr key={project} data-testid="consumer-row">
                  <td>{project}</td>
                  {COLUMNS.map((rc) => {
                    const c = classes.get(rc);
                    return <td key={rc} className="num" title={c ? formatAmount(rc, c.used) : undefined}>{c ? formatPercent(c.share) : "—"}</td>;
                  })}
                  <td className="num">{vcpu?.growth == null ? "—" : `${vcpu.growth >= 0 ? "+" : ""}${(100 * vcpu.growth).toFixed(1)}%`}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function StrandedPanel({ stranded }: { stranded: Stranded }) {
  return (
    <section className="panel report-section" aria-labelledby="stranded-title" data-testid="stranded-panel">
      <div className="panel-head">
        <div>
          <h2 id="stranded-title">Stranded capacity</h2>
          <p>Free room that no catalogue flavor can use because another class of the same host is full: {stranded.hostsStranding} of {stranded.hosts} active hosts strand some.</p>
        </div>
      </div>
      <div className="table-wrap" tabIndex={0} role="group" aria-labelledby="stranded-title">
        <table className="data report-table">
          <thead><tr><th>Class</th><th className="num">Free</th><th className="num">Stranded</th><th className="num">Share of free</th><th>Because this ran out (hosts)</th></tr></thead>
          <tbody>
            {stranded.classes.map((c) => (
              <tr key={c.class} data-testid="stranded-row">
                <td>{classLabel(c.class)}</td><td className="num">{formatAmount(c.class, c.free)}</td><td className="num">{formatAmount(c.class, c.stranded)}</td>
                <td className="num">{formatPercent(c.free > 0 ? c.stranded / c.free : 0)}</td>
                <td>{Object.entries(c.fullClass).map(([rc, n]) => `${classLabel(rc)} (${n})`).join(", ") || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
