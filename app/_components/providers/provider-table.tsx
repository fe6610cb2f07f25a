import type { Route } from "next";
import Link from "next/link";
import type { RouterOutputs } from "../../_lib/trpc";
import { formatPair } from "../../_lib/units";
import { KindBadge, StateBadge, TraitTags } from "../ui/badges";
import { Empty, Loading } from "../ui/states";
import { UsageBar } from "../ui/usage-bar";

type Item = RouterOutputs["providers"]["list"]["items"][number];

/** The classes shown as columns, in order; a provider's other classes show in its detail page. */
const COLUMNS: { label: string; classes: string[] }[] = [
  { label: "vCPU", classes: ["VCPU"] },
  { label: "Memory", classes: ["MEMORY_MB"] },
  { label: "Disk / volume", classes: ["DISK_GB", "VOLUME_GB", "OBJECT_GB"] },
  { label: "Net / addresses", classes: ["NET_BW_MBPS", "IPV4_ADDRESS", "FLOATING_IP"] },
];

export function providerHref(id: string): Route {
  return `/providers/${id}` as Route;
}

export function ProviderTable({ items, loading, stale, filtered }: {
  items: Item[] | undefined;
  loading: boolean;
  stale: boolean;
  filtered: boolean;
}) {
  if (loading && !items) return <Loading label="Loading providers…" rows={10} />;
  if (!items || items.length === 0) {
    return (
      <Empty title={filtered ? "No provider matches these filters" : "No providers yet"}>
        {filtered ? "Loosen a filter, or clear them all." : <>Create one, or <Link href="/import">import a file</Link>.</>}
      </Empty>
    );
  }
  return (
    <div className="table-wrap" aria-busy={stale} style={stale ? { opacity: 0.6 } : undefined}>
      <table className="data" data-testid="provider-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">State</th>
            <th scope="col">Location</th>
            <th scope="col">Model</th>
            {COLUMNS.map((c) => <th key={c.label} scope="col">{c.label}</th>)}
            <th scope="col">Traits</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-testid="provider-row" data-name={item.name}>
              <td className="name"><Link href={providerHref(item.id)}>{item.name}</Link></td>
              <td title={item.subtype ?? undefined}><KindBadge kind={item.kind} /></td>
              <td><StateBadge state={item.state} /></td>
              <td className="nowrap">{item.rack ?? item.zone ?? <span className="faint">regional</span>}</td>
              <td className="nowrap">{item.hardwareModel ?? <span className="faint">—</span>}</td>
              {COLUMNS.map((c) => <td key={c.label}><UsageCell usage={item.usage} classes={c.classes} /></td>)}
              <td className="nowrap"><TraitTags traits={item.traits} max={1} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UsageCell({ usage, classes }: { usage: Item["usage"]; classes: string[] }) {
  const rc = classes.find((c) => usage[c] !== undefined);
  const u = rc ? usage[rc] : undefined;
  if (!rc || !u) return <span className="faint">—</span>;
  return (
    <div>
      <UsageBar resourceClass={rc} used={u.used} capacity={u.capacity} />
      <div className="faint nowrap" style={{ fontSize: 11, lineHeight: 1.2 }}>{formatPair(rc, u.used, u.capacity)}</div>
    </div>
  );
}
