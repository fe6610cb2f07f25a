"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { capacityOf } from "~/scheduler/capacity";
import { inventorySetInput } from "~/server/inventory/schemas";
import {
  isConflict, numberOrUndefined, toFormFailure, zodFieldErrors, type FieldErrors, type FormFailure,
} from "../../_lib/form-errors";
import { useTRPC } from "../../_lib/trpc";
import { useInvalidateInventory } from "../../_lib/use-invalidate";
import { baseUnit, classLabel, formatAmount, parseAmount } from "../../_lib/units";
import { Field } from "../ui/field";
import { FormMessage } from "../ui/form-message";
import type { InventoryRow, ProviderDetail } from "./types";

const NUMBER_FIELDS = ["total", "reserved", "allocationRatio", "minUnit", "maxUnit", "stepSize"] as const;
type NumberField = (typeof NUMBER_FIELDS)[number];
type Values = Record<NumberField, string> & { resourceClass: string };

function initialValues(row: InventoryRow | null): Values {
  if (!row) return { resourceClass: "", total: "", reserved: "0", allocationRatio: "1", minUnit: "1", maxUnit: "", stepSize: "1" };
  return {
    resourceClass: row.resourceClass, total: String(row.total), reserved: String(row.reserved),
    allocationRatio: String(row.allocationRatio), minUnit: String(row.minUnit), maxUnit: String(row.maxUnit),
    stepSize: String(row.stepSize),
  };
}

/**
 * Sets one inventory record. Validated in the browser with the same zod schema the server uses
 * (errors beside each field), then by the server (capacity below use, unknown class: also beside
 * the field). The provider generation is the one read when the form opened: if someone saved in
 * between, the server answers CONFLICT and nothing is overwritten.
 */
export function InventoryForm({ provider, initial, baseGeneration, onCancel, onSaved, onReload }: {
  provider: ProviderDetail;
  initial: InventoryRow | null;
  baseGeneration: number;
  onCancel: () => void;
  onSaved: (resourceClass: string, generation: number, verb?: "saved" | "removed") => void;
  onReload: () => Promise<void>;
}) {
  const trpc = useTRPC();
  const invalidate = useInvalidateInventory();
  const formId = useId();
  const [values, setValues] = useState<Values>(() => initialValues(initial));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const classes = useQuery({ ...trpc.catalog.resourceClasses.queryOptions(), enabled: initial === null });
  const mutation = useMutation(trpc.inventory.set.mutationOptions({
    onSuccess: async (result, input) => {
      await invalidate();
      onSaved(input.resourceClass, result.generation);
    },
    onError: (error) => {
      const f = toFormFailure(error);
      setFailure(f);
      setErrors(isConflict(f) ? {} : f.fieldErrors);
    },
  }));

  const remove = useMutation(trpc.inventory.remove.mutationOptions({
    onSuccess: async (result, input) => {
      await invalidate();
      onSaved(input.resourceClass, result.generation, "removed");
    },
    onError: (error) => {
      setConfirmRemove(false);
      setFailure(toFormFailure(error));
    },
  }));
  const [confirmRemove, setConfirmRemove] = useState(false);

  // Max unit usually equals total (one allocation may take it all): it follows total until edited.
  const [maxFollowsTotal, setMaxFollowsTotal] = useState(() => initial === null || initial.maxUnit === initial.total);
  const set = (key: keyof Values) => (event: { target: { value: string } }) => {
    const value = event.target.value;
    if (key === "maxUnit") setMaxFollowsTotal(false);
    setValues((v) => ({ ...v, [key]: value, ...(key === "total" && maxFollowsTotal && initial !== null ? { maxUnit: value } : {}) }));
    setErrors(({ [key]: _dropped, ...rest }) => rest);
  };
  const rc = values.resourceClass.trim().toUpperCase();
  const unit = rc ? baseUnit(rc) : "units";
  const present = new Set(provider.inventories.map((i) => i.resourceClass));
  const used = provider.inventories.find((i) => i.resourceClass === rc)?.used ?? 0;
  const preview = capacityPreview(rc, values);
  const changedMeanwhile = provider.generation !== baseGeneration;

  function submit(event: React.FormEvent) {
    event.preventDefault();
    setFailure(null);
    const candidate: Record<string, unknown> = { providerId: provider.id, generation: baseGeneration, resourceClass: rc };
    for (const key of NUMBER_FIELDS) {
      const n = key === "allocationRatio" ? numberOrUndefined(values[key]) : parseAmount(rc, values[key]);
      if (n !== undefined || key === "total") candidate[key] = n;
    }
    const parsed = inventorySetInput.safeParse(candidate);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    setErrors({});
    mutation.mutate(parsed.data);
  }

  const field = (key: NumberField, label: string, hint: string) => (
    <Field id={`${formId}-${key}`} name={key} label={label} hint={hint} error={errors[key]}>
      {(control) => (
        <input {...control} className="input num" inputMode="decimal" autoComplete="off" value={values[key]} onChange={set(key)} />
      )}
    </Field>
  );

  return (
    <form className="form" noValidate onSubmit={submit} aria-labelledby={`${formId}-title`} data-testid="inventory-form">
      <h3 id={`${formId}-title`}>{initial ? `Set ${classLabel(initial.resourceClass)} inventory` : "Add an inventory"}</h3>
      {changedMeanwhile && !failure && (
        <div className="callout callout-warn" role="status">
          This provider changed since you opened this form (generation {baseGeneration} → {provider.generation}).
          Saving will be refused as a conflict; reload to start from the latest values.
        </div>
      )}
      <FormMessage failure={failure} onReload={() => void onReload()} />
      {errors.generation && !isConflict(failure) && <div className="field-error">{errors.generation}</div>}
      <div className="form-grid">
        {initial ? (
          <div className="field">
            <span className="label">Resource class</span>
            <span className="mono" style={{ lineHeight: "30px" }}>{initial.resourceClass}</span>
          </div>
        ) : (
          <Field id={`${formId}-rc`} name="resourceClass" label="Resource class" error={errors.resourceClass}
            hint="A standard class, or CUSTOM_* for your own">
            {(control) => (
              <>
                <input {...control} className="input mono" list={`${formId}-classes`} value={values.resourceClass}
                  onChange={set("resourceClass")} autoComplete="off" placeholder="VCPU" />
                <datalist id={`${formId}-classes`}>
                  {(classes.data ?? []).filter((c) => !present.has(c.name)).map((c) => (
                    <option key={c.name} value={c.name}>{classLabel(c.name)} ({c.unit})</option>
                  ))}
                </datalist>
              </>
            )}
          </Field>
        )}
        {field("total", `Total (${unit})`, unit === "MiB" || unit === "GiB" || unit === "Mbit/s" ? `Physical amount; units welcome: ${unit === "MiB" ? "768 GiB" : unit === "GiB" ? "3.5 TiB" : "25 Gbit/s"}` : "Physical amount")}
        {field("reserved", `Reserved (${unit})`, "Kept back for the host itself")}
        {field("allocationRatio", "Allocation ratio", "Overcommit: 1 = none, 16 = 16×")}
        {field("minUnit", "Min unit", "Smallest allocation")}
        {field("maxUnit", "Max unit", "Largest allocation; empty = total")}
        {field("stepSize", "Step size", "Allocations are multiples of this")}
      </div>
      <p className="muted" aria-live="polite" style={{ fontSize: "var(--text-sm)" }}>
        {preview === null
          ? "Capacity = (total − reserved) × allocation ratio."
          : <>Capacity will be <strong>{rc ? formatAmount(rc, preview) : preview}</strong>{used > 0 && <>; {formatAmount(rc, used)} is allocated now</>}.</>}
      </p>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
          {mutation.isPending ? "Saving…" : "Save inventory"}
        </button>
        <button type="button" className="btn" onClick={onCancel}>Cancel</button>
        <span className="faint" style={{ fontSize: "var(--text-sm)" }}>Based on generation {baseGeneration}</span>
        {initial && (
          <span style={{ marginLeft: "auto", display: "inline-flex", gap: 8, alignItems: "center" }}>
            {confirmRemove ? (
              <>
                <span className="muted" style={{ fontSize: "var(--text-sm)" }}>Remove {initial.resourceClass} from this provider?</span>
                <button type="button" className="btn btn-danger" disabled={remove.isPending}
                  onClick={() => remove.mutate({ providerId: provider.id, generation: baseGeneration, resourceClass: initial.resourceClass })}>
                  {remove.isPending ? "Removing…" : "Remove"}
                </button>
                <button type="button" className="btn btn-ghost" onClick={() => setConfirmRemove(false)}>Keep</button>
              </>
            ) : (
              <button type="button" className="btn btn-danger" onClick={() => { setFailure(null); setConfirmRemove(true); }}>Remove inventory…</button>
            )}
          </span>
        )}
      </div>
    </form>
  );
}

function capacityPreview(rc: string, values: Values): number | null {
  const total = parseAmount(rc, values.total);
  const reserved = parseAmount(rc, values.reserved) ?? 0;
  const ratio = numberOrUndefined(values.allocationRatio) ?? 1;
  if (total === undefined || !Number.isFinite(total) || !Number.isFinite(reserved) || !Number.isFinite(ratio)) return null;
  return Math.max(0, capacityOf({ total, reserved, allocationRatio: ratio }));
}
