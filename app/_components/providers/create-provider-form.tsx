"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { Route } from "next";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { capacityKinds, providerCreateInput, providerKinds } from "~/server/inventory/schemas";
import { numberOrUndefined, toFormFailure, zodFieldErrors, type FieldErrors, type FormFailure } from "../../_lib/form-errors";
import { useTRPC } from "../../_lib/trpc";
import { useInvalidateInventory } from "../../_lib/use-invalidate";
import { useParentOptions } from "../../_lib/use-parent-options";
import { baseUnit, classLabel, parseAmount } from "../../_lib/units";
import { Field } from "../ui/field";
import { FormMessage } from "../ui/form-message";
import { HardwareModelField, ProviderStateField } from "../provider/provider-fields";

type Kind = (typeof providerKinds)[number];
type InvValues = { total: string; reserved: string; allocationRatio: string };

/** The classes a new provider of each kind usually offers, with a typical overcommit. */
const DEFAULT_CLASSES: Record<string, { rc: string; ratio: string }[]> = {
  host: [{ rc: "VCPU", ratio: "4" }, { rc: "MEMORY_MB", ratio: "1" }, { rc: "DISK_GB", ratio: "1" }],
  storage: [{ rc: "VOLUME_GB", ratio: "1" }, { rc: "IOPS", ratio: "1" }],
  network: [{ rc: "NET_BW_MBPS", ratio: "1" }, { rc: "IPV4_ADDRESS", ratio: "1" }],
};

const isCapacityKind = (k: string) => (capacityKinds as readonly string[]).includes(k);

/** Creates a provider with its place in the tree, traits and first inventories, all in one write. */
export function CreateProviderForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const invalidate = useInvalidateInventory();
  const id = useId();
  const [kind, setKind] = useState<Kind>("host");
  const [values, setValues] = useState({ name: "", subtype: "", state: "active", parentId: "", hardwareModelId: "", traits: "" });
  const [inv, setInv] = useState<Record<string, InvValues>>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const parents = useParentOptions(kind);
  const models = useQuery({ ...trpc.catalog.hardwareModels.queryOptions(), enabled: kind === "host" });
  const create = useMutation(trpc.providers.create.mutationOptions({
    onSuccess: async (result) => {
      await invalidate();
      router.push(`/providers/${result.id}` as Route);
    },
    onError: (error) => {
      const f = toFormFailure(error);
      setFailure(f);
      setErrors(f.fieldErrors);
    },
  }));

  const classes = DEFAULT_CLASSES[kind] ?? [];
  const clear = (key: string) => setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k !== key && !k.startsWith(`${key}.`))));
  const set = (key: keyof typeof values) => (event: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [key]: event.target.value }));
    clear(key);
  };
  const invValue = (rc: string, field: keyof InvValues) =>
    inv[rc]?.[field] ?? (field === "allocationRatio" ? classes.find((c) => c.rc === rc)?.ratio ?? "1" : field === "reserved" ? "0" : "");
  const setInvField = (rc: string, field: keyof InvValues) => (event: { target: { value: string } }) => {
    const value = event.target.value;
    setInv((s) => ({ ...s, [rc]: { total: invValue(rc, "total"), reserved: invValue(rc, "reserved"), allocationRatio: invValue(rc, "allocationRatio"), [field]: value } }));
    clear(`inventories.${rc}.${field}`);
  };

  function chooseModel(modelId: string) {
    setValues((v) => ({ ...v, hardwareModelId: modelId }));
    const model = models.data?.find((m) => m.id === modelId);
    if (!model) return;
    // A hardware model says what the host has: fill the totals the planner has not typed yet.
    const fill = { VCPU: model.vcpus, MEMORY_MB: model.memoryMb, DISK_GB: model.diskGb } as Record<string, number>;
    setInv((s) => {
      const next = { ...s };
      for (const [rc, total] of Object.entries(fill)) {
        if (!s[rc]?.total) next[rc] = { total: String(total), reserved: invValue(rc, "reserved"), allocationRatio: invValue(rc, "allocationRatio") };
      }
      return next;
    });
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    setFailure(null);
    const inventories: Record<string, Record<string, number | undefined>> = {};
    if (isCapacityKind(kind)) {
      for (const { rc } of classes) {
        if (invValue(rc, "total").trim() === "") continue;
        inventories[rc] = {
          total: parseAmount(rc, invValue(rc, "total")),
          reserved: parseAmount(rc, invValue(rc, "reserved")),
          allocationRatio: numberOrUndefined(invValue(rc, "allocationRatio")),
        };
      }
    }
    const candidate = {
      name: values.name,
      kind,
      subtype: values.subtype.trim() || null,
      state: values.state,
      parentId: values.parentId || null,
      hardwareModelId: kind === "host" ? values.hardwareModelId || null : null,
      traits: values.traits.split(/[\s,;]+/).map((t) => t.trim().toUpperCase()).filter(Boolean),
      inventories,
    };
    const parsed = providerCreateInput.safeParse(candidate);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      setFailure({ message: "Some fields need attention.", fieldErrors: {} });
      return;
    }
    setErrors({});
    create.mutate(parsed.data);
  }

  const traitsError = Object.entries(errors).find(([k]) => k === "traits" || k.startsWith("traits."));
  return (
    <>
      <div className="page-head">
        <div>
          <ol className="breadcrumbs"><li><Link href="/providers">Providers</Link></li><li>New</li></ol>
          <h1>New provider</h1>
          <p>A compute host, a storage backend or a network — or a region, zone or rack to hang them under.</p>
        </div>
      </div>
      <form className="panel" noValidate onSubmit={submit} aria-labelledby={`${id}-title`} data-testid="create-provider-form">
        <div className="panel-head"><h2 id={`${id}-title`}>Identity and place in the tree</h2></div>
        <div className="panel-body form">
          <FormMessage failure={failure} />
          <div className="form-grid">
            <Field id={`${id}-name`} name="name" label="Name" error={errors.name} hint="Unique, e.g. az1-r03-h21">
              {(c) => <input {...c} className="input mono" value={values.name} onChange={set("name")} autoComplete="off" />}
            </Field>
            <Field id={`${id}-kind`} name="kind" label="Kind" error={errors.kind}>
              {(c) => (
                <select {...c} className="select" value={kind} onChange={(e) => { setKind(e.target.value as Kind); setValues((v) => ({ ...v, parentId: "" })); clear("kind"); }}>
                  {providerKinds.map((k) => <option key={k} value={k}>{k}</option>)}
                </select>
              )}
            </Field>
            <Field id={`${id}-parent`} name="parentId" label="Parent" error={errors.parentId}
              hint={parents.allowedKinds.length ? `A ${parents.allowedKinds.join(" or ")}` : "A region is a root"}>
              {(c) => (
                <select {...c} className="select" value={values.parentId} onChange={set("parentId")}>
                  <option value="">{parents.rootAllowed ? "none (root)" : parents.loading ? "loading…" : "choose…"}</option>
                  {parents.options.map((o) => <option key={o.id} value={o.id}>{o.name} ({o.kind})</option>)}
                </select>
              )}
            </Field>
            <Field id={`${id}-subtype`} name="subtype" label="Subtype" error={errors.subtype} hint="ceph-pool, cinder-backend, subnet…">
              {(c) => <input {...c} className="input" value={values.subtype} onChange={set("subtype")} autoComplete="off" />}
            </Field>
            <ProviderStateField id={`${id}-state`} value={values.state} onChange={set("state")} error={errors.state} />
            {kind === "host" && (
              <HardwareModelField id={`${id}-model`} value={values.hardwareModelId} error={errors.hardwareModelId}
                hint="Fills the totals below" models={models.data}
                onChange={(e) => { chooseModel(e.target.value); clear("hardwareModelId"); }} />
            )}
          </div>
          <Field id={`${id}-traits`} name="traits" label="Traits" error={traitsError?.[1]}
            hint="Separated by spaces or commas: HW_CPU_X86_AVX2 STORAGE_DISK_SSD CUSTOM_…">
            {(c) => <input {...c} className="input mono" value={values.traits} onChange={set("traits")} autoComplete="off" />}
          </Field>
        </div>
        {isCapacityKind(kind) && (
          <>
            <div className="panel-head" style={{ borderTop: "1px solid var(--border)" }}>
              <div>
                <h2>First inventories</h2>
                <p>Leave a total empty to skip that class; more can be added on the provider page. Amounts take units: 768 GiB, 3.5 TiB.</p>
              </div>
            </div>
            <div className="panel-body">
              <table className="data" style={{ maxWidth: 760 }}>
                <thead>
                  <tr><th scope="col">Class</th><th scope="col">Total</th><th scope="col">Reserved</th><th scope="col">Allocation ratio</th></tr>
                </thead>
                <tbody>
                  {classes.map(({ rc }) => (
                    <tr key={rc}>
                      <th scope="row" className="rowhead">
                        {classLabel(rc)} <span className="mono faint">{rc}</span>
                      </th>
                      {(["total", "reserved", "allocationRatio"] as const).map((f) => (
                        <td key={f}>
                          <Field id={`${id}-${rc}-${f}`} name={`inventories.${rc}.${f}`} error={errors[`inventories.${rc}.${f}`]}
                            label={<span className="visually-hidden">{`${rc} ${f === "allocationRatio" ? "allocation ratio" : f}${f === "allocationRatio" ? "" : ` (${baseUnit(rc)})`}`}</span>}>
                            {(c) => <input {...c} className="input num" inputMode="decimal" value={invValue(rc, f)} onChange={setInvField(rc, f)} autoComplete="off"
                              placeholder={f === "total" ? baseUnit(rc) : undefined} />}
                          </Field>
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        <div className="panel-body" style={{ borderTop: "1px solid var(--border)" }}>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={create.isPending}>{create.isPending ? "Creating…" : "Create provider"}</button>
            <Link className="btn" href="/providers">Cancel</Link>
          </div>
        </div>
      </form>
    </>
  );
}
