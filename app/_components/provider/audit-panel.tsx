import { describeChange } from "../../_lib/audit-diff";
import { formatTime } from "../../_lib/time";
import { Empty } from "../ui/states";
import type { ProviderDetail } from "./types";

type Entry = ProviderDetail["audit"][number];

export function AuditPanel({ entries }: { entries: Entry[] }) {
  return (
    <section className="panel" aria-labelledby="audit-title">
      <div className="panel-head">
        <h2 id="audit-title">Audit trail</h2>
        <span className="muted" style={{ fontSize: "var(--text-sm)" }}>latest {entries.length}</span>
      </div>
      {entries.length === 0 ? (
        <Empty title="No changes recorded" />
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="audit-table">
            <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Change</th></tr></thead>
            <tbody>
              {entries.map((e, i) => (
                <tr key={`${String(e.at)}-${i}`}>
                  <td className="nowrap mono" style={{ fontSize: 12 }}>{formatTime(e.at)}</td>
                  <td className="nowrap">{e.actor}</td>
                  <td className="nowrap"><code>{e.action}</code></td>
                  <td className="mono" style={{ fontSize: 12, overflowWrap: "anywhere" }}>{describeChange(e.before, e.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
