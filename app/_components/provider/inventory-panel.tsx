"use client";
import { useState } from "react";
import { classLabel, formatAmount, formatCount, formatPair, formatRatio } from "../../_lib/units";
import { byClassOrder } from "../../_lib/class-order";
import { Empty } from "../ui/states";
import { UsageBar } from "../ui/usage-bar";
import { InventoryForm } from "./inventory-form";
import type { InventoryRow, ProviderDetail } from "./types";

type Editing = { resourceClass: string | null; generation: number };

/** Inventories with capacity, use and free per class; set (add or change) and remove each one. */
export function InventoryPanel({ provider, reload, readOnly }: {
  provider: ProviderDetail;
  reload: () => Promise<ProviderDetail | undefined>;
  readOnly: boolean;
}) {
  const [editing, setEditing] = useState<Editing | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const holdsInventory = provider.kind === "host" || provider.kind === "storage" || provider.kind === "network";
  const open = (resourceClass: string | null) => {
    setNotice(null);
    setEditing({ resourceClass, generation: provider.generation });
  };
  const editingRow = editing?.resourceClass ? provider.inventories.find((i) => i.resourceClass === editing.resourceClass) ?? null : null;

  return (
    <section className="panel" aria-labelledby="inventory-title">
      <div className="panel-head">
        <div>
          <h2 id="inventory-title">Inventory</h2>
          <p>Capacity is (total − reserved) × allocation ratio; use is the sum of allocations.</p>
        </div>
        {!readOnly && holdsInventory && !editing && (
          <button type="button" className="btn btn-sm" onClick={() => open(null)}>Add inventory</button>
        )}
      </div>
      {notice && <div className="panel-body" style={{ paddingBottom: 0 }}><div className="callout callout-ok" role="status">{notice}</div></div>}
      {editing && (
        <div className="panel-body" style={{ borderBottom: "1px solid var(--border)", background: "#fbfcfd" }}>
          <InventoryForm
            key={`${editing.resourceClass ?? "new"}-${editing.generation}`}
            provider={provider}
            initial={editingRow}
            baseGeneration={editing.generation}
            onCancel={() => setEditing(null)}
            onSaved={(rc, generation, verb = "saved") => {
              setEditing(null);
              setNotice(`${verb === "removed" ? "Removed" : "Saved"} ${rc} inventory (provider generation ${generation}).`);
            }}
            onReload={async () => {
              // Their change becomes what the form starts from; what was typed here is dropped on purpose.
              const fresh = await reload();
              if (fresh) setEditing((e) => (e ? { ...e, generation: fresh.generation } : e));
            }}
          />
        </div>
      )}
      {provider.inventories.length === 0 ? (
        <Empty title="No inventory">
          {holdsInventory ? "This provider offers no resources yet. Add an inventory to make it schedulable." : `A ${provider.kind} is a grouping: it holds no inventory itself.`}
        </Empty>
      ) : (
        <InventoryTable provider={provider} readOnly={readOnly} onEdit={open} />
      )}
    </section>
  );
}

function InventoryTable({ provider, readOnly, onEdit }: { provider: ProviderDetail; readOnly: boolean; onEdit: (rc: string) => void }) {
  return (
    <div className="table-wrap">
      <table className="data" data-testid="inventory-table">
        <thead>
          <tr>
            <th scope="col">Resource class</th>
            <th scope="col" style={{ minWidth: 160 }}>Used of capacity</th>
            <th scope="col" className="num">Free</th>
            <th scope="col" className="num">Total</th>
            <th scope="col" className="num">Reserved</th>
            <th scope="col" className="num">Ratio</th>
            {!readOnly && <th scope="col"><span className="visually-hidden">Actions</span></th>}
          </tr>
        </thead>
        <tbody>
          {[...provider.inventories].sort((a, b) => byClassOrder(a.resourceClass, b.resourceClass)).map((inv) => (
            <InventoryTableRow key={inv.resourceClass} inv={inv} readOnly={readOnly} onEdit={onEdit} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function InventoryTableRow({ inv, readOnly, onEdit }: { inv: InventoryRow; readOnly: boolean; onEdit: (rc: string) => void }) {
  const rc = inv.resourceClass;
  return (
    <tr data-testid="inventory-row" data-class={rc} data-total={inv.total}>
      <th scope="row" className="rowhead"
        title={`Allocations of ${formatCount(inv.minUnit)} to ${formatCount(inv.maxUnit)}, in steps of ${formatCount(inv.stepSize)}`}>
        {classLabel(rc)}
        <span className="mono faint">{rc}</span>
      </th>
      <td>
        <UsageBar resourceClass={rc} used={inv.used} capacity={inv.capacity} />
        <div className="faint nowrap" style={{ fontSize: 11, lineHeight: 1.2 }}>{formatPair(rc, inv.used, inv.capacity)}</div>
      </td>
      <td className="num">{formatAmount(rc, inv.free)}</td>
      <td className="num" data-testid="inventory-total">{formatAmount(rc, inv.total)}</td>
      <td className="num">{formatAmount(rc, inv.reserved)}</td>
      <td className="num">{formatRatio(inv.allocationRatio)}</td>
      {!readOnly && (
        <td className="nowrap" style={{ textAlign: "right" }}>
          <button type="button" className="btn btn-sm" onClick={() => onEdit(rc)} aria-label={`Edit ${rc} inventory`}>Edit</button>
        </td>
      )}
    </tr>
  );
}
