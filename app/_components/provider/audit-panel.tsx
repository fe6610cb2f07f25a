import { AuditTable } from "../ui/audit-table";
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
        <AuditTable entries={entries} testId="audit-table" />
      )}
    </section>
  );
}
