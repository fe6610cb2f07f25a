"use client";
import { useState } from "react";
import type { RouterOutputs } from "../../_lib/trpc";
import { formatCount } from "../../_lib/units";

type Report = RouterOutputs["imports"]["providers"];

/** The per-row report: a summary first, then each row with its errors by field. */
export function ImportReportTable({ report, dryRun }: { report: Report; dryRun: boolean }) {
  const bad = report.rows.filter((r) => !r.ok);
  const [onlyBad, setOnlyBad] = useState(bad.length > 0);
  const rows = onlyBad ? bad : report.rows;
  const fileLevel = report.rows.find((r) => r.row === 0);
  return (
    <section className="panel" aria-labelledby="report-title" data-testid="import-report">
      <div className="panel-head">
        <h2 id="report-title">Report</h2>
        {bad.length > 0 && report.rows.length > 1 && (
          <label style={{ display: "inline-flex", gap: 6, alignItems: "center", fontSize: "var(--text-sm)" }}>
            <input type="checkbox" checked={onlyBad} onChange={(e) => setOnlyBad(e.target.checked)} /> Only rows with errors
          </label>
        )}
      </div>
      <div className="panel-body">
        {report.ok ? (
          <div className="callout callout-ok" role="status">
            <strong>{dryRun ? "Every row is valid" : `Imported ${formatCount(report.created)} providers`}</strong>
            {dryRun ? `${formatCount(report.rows.length)} rows checked; nothing written yet. Press Import to write them.` : "All rows were written in one transaction."}
          </div>
        ) : (
          <div className="callout callout-error" role="alert">
            <strong>Nothing was imported</strong>
            {fileLevel ? fileLevel.errors.map((e) => e.message).join("; ") : `${formatCount(bad.length)} of ${formatCount(report.rows.length)} rows have errors. Fix them and try again: the import is all or nothing.`}
          </div>
        )}
      </div>
      {!fileLevel && (
        <div className="table-wrap" style={{ maxHeight: 480, overflowY: "auto" }}>
          <table className="data">
            <thead>
              <tr><th scope="col" className="num">Row</th><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Problems</th></tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.row} data-testid="import-row" data-ok={r.ok}>
                  <td className="num">{r.row}</td>
                  <td className="mono">{r.name ?? <span className="faint">—</span>}</td>
                  <td>{r.ok ? <span className="badge badge-active">ok</span> : <span className="badge" style={{ background: "var(--danger-soft)", color: "var(--danger)" }}>error</span>}</td>
                  <td>
                    {r.errors.length === 0 ? <span className="faint">—</span> : (
                      <ul style={{ margin: 0, paddingLeft: 16 }}>
                        {r.errors.map((e, i) => <li key={i}><code>{e.field}</code>: {e.message}</li>)}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
