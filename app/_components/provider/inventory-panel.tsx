"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toFormFailure, type FormFailure } from "../../_lib/form-errors";
import { useTRPC } from "../../_lib/trpc";
import { useInvalidateInventory } from "../../_lib/use-invalidate";
import { classLabel, formatAmount, formatRatio } from "../../_lib/units";
import { FormMessage } from "../ui/form-message";
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
            onSaved={(rc, generation) => {
              setEditing(null);
              setNotice(`Saved ${rc} inventory (provider generation ${generation}).`);
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
            <th scope="col" className="num">Used</th>
            <th scope="col" className="num">Free</th>
            <th scope="col" className="num">Capacity</th>
            <th scope="col" className="num">Total</th>
            <th scope="col" className="num">Reserved</th>
            <th scope="col" className="num">Ratio</th>
            <th scope="col" className="num">Min / max / step</th>
            {!readOnly && <th scope="col"><span className="visually-hidden">Actions</span></th>}
          </tr>
        </thead>
        <tbody>
          {provider.inventories.map((inv) => (
            <InventoryTableRow key={inv.resourceClass} provider={provider} inv={inv} readOnly={readOnly} onEdit={onEdit} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function InventoryTableRow({ provider, inv, readOnly, onEdit }: {
  provider: ProviderDetail; inv: InventoryRow; readOnly: boolean; onEdit: (rc: string) => void;
}) {
  const trpc = useTRPC();
  const invalidate = useInvalidateInventory();
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(trpc.inventory.remove.mutationOptions({
    onSuccess: () => invalidate(),
    onError: (error) => setFailure(toFormFailure(error)),
  }));
  const rc = inv.resourceClass;
  return (
    <>
      <tr data-testid="inventory-row" data-class={rc} data-total={inv.total}>
        <th scope="row" style={{ textTransform: "none", fontSize: "var(--text-md)", letterSpacing: 0, background: "none", position: "static" }}>
          <div style={{ color: "var(--text)" }}>{classLabel(rc)}</div>
          <div className="mono faint" style={{ fontSize: 11, fontWeight: 400 }}>{rc}</div>
        </th>
        <td><UsageBar resourceClass={rc} used={inv.used} capacity={inv.capacity} /></td>
        <td className="num">{formatAmount(rc, inv.used)}</td>
        <td className="num">{formatAmount(rc, inv.free)}</td>
        <td className="num">{formatAmount(rc, inv.capacity)}</td>
        <td className="num" data-testid="inventory-total">{formatAmount(rc, inv.total)}</td>
        <td className="num">{formatAmount(rc, inv.reserved)}</td>
        <td className="num">{formatRatio(inv.allocationRatio)}</td>
        <td className="num faint">{inv.minUnit} / {inv.maxUnit} / {inv.stepSize}</td>
        {!readOnly && (
          <td className="nowrap" style={{ textAlign: "right" }}>
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => onEdit(rc)} aria-label={`Edit ${rc} inventory`}>Edit</button>
            {confirming ? (
              <>
                <button type="button" className="btn btn-sm btn-danger" disabled={remove.isPending}
                  onClick={() => remove.mutate({ providerId: provider.id, generation: provider.generation, resourceClass: rc })}>
                  {remove.isPending ? "Removing…" : "Confirm remove"}
                </button>
                <button type="button" className="btn btn-sm btn-ghost" onClick={() => { setConfirming(false); setFailure(null); }}>Cancel</button>
              </>
            ) : (
              <button type="button" className="btn btn-sm btn-ghost" onClick={() => setConfirming(true)} aria-label={`Remove ${rc} inventory`}>Remove</button>
            )}
          </td>
        )}
      </tr>
      {failure && (
        <tr>
          <td colSpan={10}><FormMessage failure={failure} /></td>
        </tr>
      )}
    </>
  );
}
