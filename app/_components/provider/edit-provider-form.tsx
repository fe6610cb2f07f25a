"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { providerUpdateInput } from "~/server/inventory/schemas";
import { attributesToText, parseAttributes } from "../../_lib/attributes";
import { isConflict, toFormFailure, zodFieldErrors, type FieldErrors, type FormFailure } from "../../_lib/form-errors";
import { useTRPC } from "../../_lib/trpc";
import { useInvalidateInventory } from "../../_lib/use-invalidate";
import { useParentOptions } from "../../_lib/use-parent-options";
import { Field } from "../ui/field";
import { FormMessage } from "../ui/form-message";
import { HardwareModelField, ProviderStateField } from "./provider-fields";
import type { ProviderDetail } from "./types";

type Values = { name: string; subtype: string; state: string; hardwareModelId: string; parentId: string; attributes: string };

function valuesOf(p: ProviderDetail): Values {
  return {
    name: p.name, subtype: p.subtype ?? "", state: p.state === "retired" ? "active" : p.state,
    hardwareModelId: p.hardwareModel ?? "", parentId: p.parent?.id ?? "", attributes: attributesToText(p.attributes ?? {}),
  };
}

/** Edits a provider's identity. Generation-checked: a stale form is refused as a conflict, never applied. */
export function EditProviderForm({ provider, onDone, reload }: {
  provider: ProviderDetail;
  onDone: () => void;
  reload: () => Promise<ProviderDetail | undefined>;
}) {
  const trpc = useTRPC();
  const invalidate = useInvalidateInventory();
  const formId = useId();
  const [base, setBase] = useState(() => ({ generation: provider.generation, values: valuesOf(provider) }));
  const [values, setValues] = useState<Values>(base.values);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const models = useQuery({ ...trpc.catalog.hardwareModels.queryOptions(), enabled: provider.kind === "host" });
  const parents = useParentOptions(provider.kind);
  const mutation = useMutation(trpc.providers.update.mutationOptions({
    onSuccess: async () => {
      await invalidate();
      onDone();
    },
    onError: (error) => {
      const f = toFormFailure(error);
      setFailure(f);
      setErrors(isConflict(f) ? {} : f.fieldErrors);
    },
  }));

  const set = (key: keyof Values) => (event: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [key]: event.target.value }));
    setErrors(({ [key]: _dropped, ...rest }) => rest);
  };

  async function reloadLatest() {
    const fresh = await reload();
    if (!fresh) return;
    const next = { generation: fresh.generation, values: valuesOf(fresh) };
    setBase(next);
    setValues(next.values);
    setFailure(null);
    setErrors({});
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    setFailure(null);
    // Only what changed is sent, so the audit trail shows exactly what this edit did.
    const candidate: Record<string, unknown> = { id: provider.id, generation: base.generation };
    if (values.name !== base.values.name) candidate.name = values.name;
    if (values.subtype !== base.values.subtype) candidate.subtype = values.subtype.trim() || null;
    if (values.state !== base.values.state) candidate.state = values.state;
    if (values.hardwareModelId !== base.values.hardwareModelId) candidate.hardwareModelId = values.hardwareModelId || null;
    if (values.parentId !== base.values.parentId) candidate.parentId = values.parentId || null;
    if (values.attributes.trim() !== base.values.attributes.trim()) {
      const parsed = parseAttributes(values.attributes);
      if (!parsed.ok) {
        setErrors({ attributes: parsed.message });
        return;
      }
      candidate.attributes = parsed.value;
    }
    if (Object.keys(candidate).length === 2) {
      setFailure({ message: "Nothing changed.", fieldErrors: {} });
      return;
    }
    const parsed = providerUpdateInput.safeParse(candidate);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    mutation.mutate(parsed.data);
  }

  return (
    <section className="panel" aria-labelledby={`${formId}-title`}>
      <div className="panel-head">
        <h2 id={`${formId}-title`}>Edit provider</h2>
        <span className="faint" style={{ fontSize: "var(--text-sm)" }}>Based on generation {base.generation}</span>
      </div>
      <form className="panel-body form" noValidate onSubmit={submit} data-testid="edit-provider-form">
        <FormMessage failure={failure} onReload={() => void reloadLatest()} />
        <div className="form-grid">
          <Field id={`${formId}-name`} name="name" label="Name" error={errors.name}>
            {(c) => <input {...c} className="input mono" value={values.name} onChange={set("name")} autoComplete="off" />}
          </Field>
          <Field id={`${formId}-subtype`} name="subtype" label="Subtype" hint="e.g. ceph-pool, subnet" error={errors.subtype}>
            {(c) => <input {...c} className="input" value={values.subtype} onChange={set("subtype")} autoComplete="off" />}
          </Field>
          <ProviderStateField id={`${formId}-state`} value={values.state} onChange={set("state")} error={errors.state} />
          <Field id={`${formId}-parent`} name="parentId" label="Parent" error={errors.parentId}
            hint={parents.allowedKinds.length ? `A ${parents.allowedKinds.join(" or ")}` : undefined}>
            {(c) => (
              <select {...c} className="select" value={values.parentId} onChange={set("parentId")}>
                {parents.rootAllowed && <option value="">none (root)</option>}
                {!values.parentId && !parents.rootAllowed && <option value="">choose…</option>}
                {parents.options.map((o) => <option key={o.id} value={o.id}>{o.name} ({o.kind})</option>)}
                {values.parentId && !parents.options.some((o) => o.id === values.parentId) && (
                  <option value={values.parentId}>{provider.parent?.name ?? values.parentId}</option>
                )}
              </select>
            )}
          </Field>
          {provider.kind === "host" && (
            <HardwareModelField id={`${formId}-model`} value={values.hardwareModelId} onChange={set("hardwareModelId")}
              error={errors.hardwareModelId} models={models.data} />
          )}
        </div>
        <Field id={`${formId}-attributes`} name="attributes" label="Attributes" hint="One key = value per line: bmc = 10.250.0.11, cidr = 10.1.0.0/22"
          error={errors.attributes ?? Object.entries(errors).find(([k]) => k.startsWith("attributes."))?.[1]}>
          {(c) => <textarea {...c} className="textarea" style={{ minHeight: 90 }} value={values.attributes} onChange={set("attributes")} spellCheck={false} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>{mutation.isPending ? "Saving…" : "Save changes"}</button>
          <button type="button" className="btn" onClick={onDone}>Cancel</button>
        </div>
      </form>
    </section>
  );
}
