import type { Route } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import type { ProviderSort } from "~/server/inventory/schemas";
import { formatTime } from "../../_lib/time";
import type { RouterOutputs } from "../../_lib/trpc";
import { formatPair } from "../../_lib/units";
import { KindBadge, StateBadge, TraitTags } from "../ui/badges";
import { Empty, Loading } from "../ui/states";
import { UsageBar } from "../ui/usage-bar";

type Item = RouterOutputs["providers"]["list"]["items"][number];

/**
 * The classes shown as columns, in order; a provider's other classes show in its detail page. A
 * column of one class sorts by its utilisation; mixed columns (disk or volume) do not sort.
 */
const COLUMNS: { label: string; classes: string[]; sort?: ProviderSort }[] = [
  { label: "vCPU", classes: ["VCPU"], sort: { key: "util", resourceClass: "VCPU", descending: true } },
  { label: "Memory", classes: ["MEMORY_MB"], sort: { key: "util", resourceClass: "MEMORY_MB", descending: true } },
  { label: "Disk / volume", classes: ["DISK_GB", "VOLUME_GB", "OBJECT_GB"] },
  { label: "Net / addresses", classes: ["NET_BW_MBPS", "IPV4_ADDRESS", "FLOATING_IP"] },
];

/** Sortable identity columns, with the direction a first click asks for. */
const BY: Record<"name" | "kind" | "state" | "zone" | "updated", ProviderSort> = {
  name: { key: "name", descending: false },
  kind: { key: "kind", descending: false },
  state: { key: "state", descending: false },
  zone: { key: "zone", descending: false },
  updated: { key: "updated", descending: true },
};

export function providerHref(id: string): Route {
  return `/providers/${id}` as Route;
}

export function ProviderTable({ items, loading, stale, filtered, sort, onSort }: {
  items: Item[] | undefined;
  loading: boolean;
  stale: boolean;
  filtered: boolean;
  /** The order in force, and what a header click asks for (the list view puts it in the URL). */
  sort: ProviderSort;
  onSort: (column: ProviderSort) => void;
}) {
  const th = (label: ReactNode, column?: ProviderSort, key?: string) => (
    <SortableHeader key={key} label={label} column={column} sort={sort} onSort={onSort} />
  );
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
            {th("Name", BY.name)}
            {th("Kind", BY.kind)}
            {th("State", BY.state)}
            {th("Location", BY.zone)}
            {th("Model")}
            {COLUMNS.map((c) => th(c.label, c.sort, c.label))}
            {th("Traits")}
            {th("Updated", BY.updated)}
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
              <td className="nowrap faint" title={formatTime(item.updatedAt)} data-testid="provider-updated"
                data-updated={new Date(item.updatedAt).toISOString()}>
                {formatTime(item.updatedAt).slice(0, 10)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A column header; a sortable one holds a button (reachable by Tab, pressed with Enter or Space)
 * and says its order with aria-sort, the way a screen reader announces a sorted column.
 */
function SortableHeader({ label, column, sort, onSort }: {
  label: ReactNode;
  column: ProviderSort | undefined;
  sort: ProviderSort;
  onSort: (column: ProviderSort) => void;
}) {
  if (!column) return <th scope="col">{label}</th>;
  const active = sort.key === column.key && sort.resourceClass === column.resourceClass;
  const direction = active ? (sort.descending ? "descending" : "ascending") : "none";
  return (
    <th scope="col" aria-sort={direction} className="sortable">
      <button type="button" className="th-sort" onClick={() => onSort(column)} data-testid="sort-header"
        title={`Sort by ${typeof label === "string" ? label.toLowerCase() : "this column"}${active ? ` (${direction} now)` : ""}`}>
        {label}
        <span className="th-sort-mark" aria-hidden="true">{active ? (sort.descending ? "▼" : "▲") : "↕"}</span>
      </button>
    </th>
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
