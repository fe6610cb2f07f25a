import type { Route } from "next";
import Link from "next/link";
import { describeChange } from "../../_lib/audit-diff";
import { formatTime } from "../../_lib/time";

export type AuditEntry = { at: string | Date; actor: string; action: string; before?: unknown; after?: unknown };

/** Audit rows (when, who, action, change); `href` links an action to what it changed, where there is a page for it. */
export function AuditTable<E extends AuditEntry>({ entries, href, testId }: {
  entries: readonly E[]; href?: (entry: E) => Route | null; testId?: string;
}) {
  return (
    <div className="table-wrap">
      <table className="data" data-testid={testId}>
        <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Change</th></tr></thead>
        <tbody>
          {entries.map((e, i) => {
            const to = href?.(e) ?? null;
            return (
              <tr key={`${String(e.at)}-${i}`}>
                <td className="nowrap mono" style={{ fontSize: 12 }}>{formatTime(e.at)}</td>
                <td className="nowrap">{e.actor}</td>
                <td className="nowrap">{to ? <Link href={to}><code>{e.action}</code></Link> : <code>{e.action}</code>}</td>
                <td className="mono" style={{ fontSize: 12, overflowWrap: "anywhere" }}>{describeChange(e.before, e.after)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
