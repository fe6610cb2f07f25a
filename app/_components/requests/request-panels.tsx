import type { Route } from "next";
import Link from "next/link";
import { byClassOrder } from "../../_lib/class-order";
import { between, formatDuration } from "../../_lib/durations";
import { formatTime } from "../../_lib/time";
import { classLabel, formatAmount } from "../../_lib/units";
import { KindBadge } from "../ui/badges";
import { Empty } from "../ui/states";
import { RelativeTime } from "./relative-time";

export type AllocationRow = { providerId: string; provider: string; kind: string | null; resourceClass: string; used: number };

export type JournalRow = {
  id: number;
  operation: string;
  kind: string;
  key: string;
  status: string;
  resourceId: string | null;
  detail: string;
  worker: string;
  driver: string;
  startedAt: string | Date;
  finishedAt: string | Date | null;
};

const KIND_ORDER = ["host", "storage", "network"];
const KIND_TITLE: Record<string, string> = { host: "Compute host", storage: "Storage", network: "Network" };

/** Where the request's resources are held: one group per provider, hosts first, then storage and network. */
export function AllocationsPanel({ allocations, state }: { allocations: readonly AllocationRow[]; state: string }) {
  const byProvider = new Map<string, { provider: string; kind: string | null; items: AllocationRow[] }>();
  for (const a of allocations) {
    const entry = byProvider.get(a.providerId) ?? { provider: a.provider, kind: a.kind, items: [] };
    entry.items.push(a);
    byProvider.set(a.providerId, entry);
  }
  for (const entry of byProvider.values()) entry.items.sort((x, y) => byClassOrder(x.resourceClass, y.resourceClass));
  const groups = [...byProvider.entries()].sort(([, x], [, y]) =>
    (KIND_ORDER.indexOf(x.kind ?? "") + 10) % 10 - (KIND_ORDER.indexOf(y.kind ?? "") + 10) % 10 || x.provider.localeCompare(y.provider));
  return (
    <section className="panel" aria-labelledby="rq-alloc-title">
      <div className="panel-head">
        <h2 id="rq-alloc-title">Allocations</h2>
        <span className="muted" style={{ fontSize: "var(--text-sm)" }}>
          {groups.length === 0 ? "none held" : `${groups.length} provider${groups.length === 1 ? "" : "s"}`}
        </span>
      </div>
      {groups.length === 0 ? (
        <Empty title="Nothing allocated">
          {state === "pending" || state === "placing" ? "A worker writes the allocations when it places the request."
            : state === "failed" || state === "cancelled" ? "Released: a failed or cancelled request holds nothing." : null}
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="request-allocations">
            <thead>
              <tr><th scope="col">Provider</th><th scope="col">Role</th><th scope="col">Resource class</th><th scope="col" className="num">Amount</th></tr>
            </thead>
            <tbody>
              {groups.flatMap(([providerId, g]) => g.items.map((a, i) => (
                <tr key={`${providerId}-${a.resourceClass}`} data-testid="allocation-row" data-kind={g.kind ?? ""}>
                  {i === 0 && (
                    <td rowSpan={g.items.length} className="name" style={{ verticalAlign: "top" }}>
                      <Link href={`/providers/${providerId}` as Route} className="mono">{g.provider}</Link>
                    </td>
                  )}
                  {i === 0 && (
                    <td rowSpan={g.items.length} style={{ verticalAlign: "top" }}>
                      {g.kind ? <KindBadge kind={KIND_TITLE[g.kind] ?? g.kind} /> : <span className="faint">—</span>}
                    </td>
                  )}
                  <td>{classLabel(a.resourceClass)} <span className="mono faint" style={{ fontSize: 11 }}>{a.resourceClass}</span></td>
                  <td className="num">{formatAmount(a.resourceClass, a.used)}</td>
                </tr>
              )))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const JOURNAL_TONE: Record<string, string> = { done: "badge-active", open: "rq-state-provisioning", failed: "rq-state-failed", abandoned: "badge-retired" };

/** Every driver call, written before the call and completed after: an open entry is a call nobody has heard back from. */
export function JournalPanel({ entries, now, state }: { entries: readonly JournalRow[]; now: Date; state: string }) {
  const open = entries.filter((e) => e.status === "open").length;
  return (
    <section className="panel" aria-labelledby="rq-journal-title">
      <div className="panel-head">
        <div>
          <h2 id="rq-journal-title">Provisioning journal</h2>
          <p>Each call is journalled before the driver is called; the key is carried into the cloud, so a retry finds what the first try made.</p>
        </div>
        <span className="muted nowrap" style={{ fontSize: "var(--text-sm)" }}>{entries.length} call{entries.length === 1 ? "" : "s"}{open > 0 && `, ${open} open`}</span>
      </div>
      {entries.length === 0 ? (
        <Empty title={state === "pending" || state === "placing" || state === "placed" ? "No provisioning calls yet" : "No provisioning calls recorded"}>
          {state === "pending" || state === "placing" || state === "placed" ? "The journal fills once the request is placed and provisioning starts."
            : "Nothing was provisioned for this request by a worker (it never got that far, or it predates the journal)."}
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="request-journal">
            <thead>
              <tr>
                <th scope="col" className="num">#</th><th scope="col">Call</th><th scope="col">Status</th><th scope="col">Resource</th>
                <th scope="col">Started</th><th scope="col" className="num">Took</th><th scope="col">Worker</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => {
                const took = between(e.startedAt, e.finishedAt);
                return (
                  <tr key={e.id} data-testid="journal-row" data-status={e.status}>
                    <td className="num faint">{e.id}</td>
                    <td className="nowrap"><code>{e.operation}</code> <span className="faint">{e.kind}</span>
                      <div className="mono faint" style={{ fontSize: 11 }} title="Idempotency key carried into the cloud">{e.key}</div>
                    </td>
                    <td style={{ maxWidth: 260 }}>
                      <span className={`badge ${JOURNAL_TONE[e.status] ?? "badge-kind"}`}>{e.status}</span>
                      {e.detail && <div style={{ fontSize: 11, overflowWrap: "anywhere" }} className={e.status === "failed" ? "" : "muted"}>{e.detail}</div>}
                    </td>
                    <td className="mono" style={{ fontSize: 12 }}>
                      {e.resourceId ? <span className="rq-clip" title={e.resourceId}>{e.resourceId}</span> : <span className="faint">—</span>}
                    </td>
                    <td className="nowrap"><RelativeTime value={e.startedAt} now={now} /></td>
                    <td className="num" title={e.finishedAt ? `finished ${formatTime(e.finishedAt)}` : "no answer recorded yet"}>
                      {took === null ? <span className="faint">…</span> : formatDuration(took)}
                    </td>
                    <td className="mono nowrap" style={{ fontSize: 12 }}>{e.worker}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Classes whose amount alone does not say what it is ("16 GiB" of what?) get their name after it. */
const NAMED_AFTER = new Set(["MEMORY_MB", "DISK_GB", "VOLUME_GB", "OBJECT_GB", "NET_BW_MBPS"]);
export function describeAmount(resourceClass: string, amount: number): string {
  if (resourceClass === "IPV4_ADDRESS") return `${amount} IPv4 address${amount === 1 ? "" : "es"}`;
  if (resourceClass === "FLOATING_IP") return `${amount} floating IP${amount === 1 ? "" : "s"}`;
  const text = formatAmount(resourceClass, amount);
  return NAMED_AFTER.has(resourceClass) ? `${text} ${classLabel(resourceClass).toLowerCase()}` : text;
}

type Group = { resources: Record<string, number>; requiredTraits?: string[]; forbiddenTraits?: string[]; volumeType?: string };

/** What was asked: the compute group, each volume and each port, amounts in their units. */
export function SpecPanel({ spec }: { spec: { compute?: Group; storage?: Group[]; network?: Group[] } | null | undefined }) {
  const groups: [string, Group][] = [
    ...(spec?.compute ? [["Compute", spec.compute] as [string, Group]] : []),
    ...(spec?.storage ?? []).map((g, i) => [`Volume ${i + 1}`, g] as [string, Group]),
    ...(spec?.network ?? []).map((g, i) => [`Port ${i + 1}`, g] as [string, Group]),
  ];
  return (
    <section className="panel" aria-labelledby="rq-spec-title">
      <div className="panel-head"><h2 id="rq-spec-title">Asked for</h2></div>
      <div className="panel-body">
        {groups.length === 0 ? <p className="muted">No request groups recorded.</p> : (
          <dl className="kv" data-testid="request-spec">
            {groups.map(([title, g]) => (
              <div key={title} style={{ display: "contents" }}>
                <dt>{title}</dt>
                <dd>
                  {Object.entries(g.resources).sort(([a], [b]) => byClassOrder(a, b)).map(([rc, n]) => describeAmount(rc, n)).join(" · ")}
                  {g.volumeType && <> · type <code>{g.volumeType}</code></>}
                  {g.requiredTraits && g.requiredTraits.length > 0 && <div className="mono faint" style={{ fontSize: 11 }}>needs {g.requiredTraits.join(", ")}</div>}
                  {g.forbiddenTraits && g.forbiddenTraits.length > 0 && <div className="mono faint" style={{ fontSize: 11 }}>avoids {g.forbiddenTraits.join(", ")}</div>}
                </dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    </section>
  );
}
