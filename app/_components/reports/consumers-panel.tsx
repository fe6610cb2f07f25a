"use client";
import type { RouterOutputs } from "../../_lib/trpc";
import { classLabel, formatAmount, formatPercent } from "../../_lib/units";

type Top = RouterOutputs["reports"]["topConsumers"];
type Stranded = RouterOutputs["reports"]["stranded"];

export function ConsumersPanel({ top }: { top: Top }) {
  return (
    <section className="panel report-section" aria-labelledby="consumers-title" data-testid="consumers-panel">
      <div className="panel-head">
        <div>
          <h2 id="consumers-title">Top consumers</h2>
          <p>Projects (business lines) by their share of a class&apos;s capacity{top.since ? `, with growth since ${top.since.slice(0, 10)}` : ""}.</p>
        </div>
      </div>
      <div className="table-wrap">
        <table className="data report-table">
          <thead><tr><th>Project</th><th>Class</th><th className="num">Uses</th><th className="num">Share of capacity</th><th className="num">30-day growth</th></tr></thead>
          <tbody>
            {top.consumers.map((c) => (
              <tr key={`${c.project}/${c.class}`} data-testid="consumer-row">
                <td>{c.project}</td><td>{classLabel(c.class)}</td><td className="num">{formatAmount(c.class, c.used)}</td>
                <td className="num">{formatPercent(c.share)}</td>
                <td className="num">{c.growth === null ? "—" : `${c.growth >= 0 ? "+" : ""}${(100 * c.growth).toFixed(1)}%`}</td>
              </tr>
            ))}
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
      <div className="table-wrap">
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
