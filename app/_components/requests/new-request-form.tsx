"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Route } from "next";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useState } from "react";
import { submissionInput } from "~/server/requests/schema";
import { toFormFailure, zodFieldErrors, type FieldErrors, type FormFailure } from "../../_lib/form-errors";
import {
  PORT_KINDS, emptyRequestForm, errorUnder, formErrorsOfSubmission, newIdempotencyKey, toSubmittedRequest,
  type RequestFormValues,
} from "../../_lib/request-form";
import { useTRPC } from "../../_lib/trpc";
import { baseUnit, formatAmount } from "../../_lib/units";
import { Field } from "../ui/field";
import { FormMessage } from "../ui/form-message";
import { useCanOperate } from "./use-can-operate";

type Text = Exclude<{ [K in keyof RequestFormValues]: RequestFormValues[K] extends string ? K : never }[keyof RequestFormValues], "mode">;

/**
 * A placement request from the browser: a flavor or custom resources, volumes, ports, server group,
 * zone, a pinned host (operators), priority, count and the idempotency key. Checked with the same
 * zod schema as requests.submit before it is sent; the server's field errors land beside the same inputs.
 */
export function NewRequestForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const id = useId();
  // The key is made in the browser after mount: the page is prerendered, and a key made during
  // render would differ between the server's HTML and the browser's first render.
  const [values, setValues] = useState<RequestFormValues>(() => emptyRequestForm(""));
  useEffect(() => setValues((v) => (v.key ? v : { ...v, key: newIdempotencyKey() })), []);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [repeat, setRepeat] = useState<{ id: string; key: string } | null>(null);

  const canOperate = useCanOperate();
  const flavors = useQuery(trpc.catalog.flavors.queryOptions());
  const zones = useQuery(trpc.catalog.zones.queryOptions());
  const volumeTypes = useQuery(trpc.catalog.volumeTypes.queryOptions());
  const serverGroups = useQuery(trpc.requests.serverGroups.queryOptions());
  const hostSearch = values.pinnedHost.trim();
  const hosts = useQuery({
    ...trpc.providers.list.queryOptions({ kind: "host", state: "active", ...(hostSearch && { search: hostSearch }), limit: 20, offset: 0 }),
    enabled: hostSearch.length >= 2,
  });

  const submit = useMutation(trpc.requests.submit.mutationOptions({
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: trpc.requests.pathKey() });
      const first = result.requests[0];
      if (!first) return;
      if (result.requests.every((r) => !r.created)) {
        // The same key again is the same request: say so rather than pretend a new one was made.
        setRepeat({ id: first.id, key: values.key.trim() });
        return;
      }
      router.push((result.requests.length === 1 ? `/requests/${first.id}` : `/requests?search=${encodeURIComponent(values.key.trim())}`) as Route);
    },
    onError: (error) => {
      const f = toFormFailure(error);
      const local = formErrorsOfSubmission(f.fieldErrors);
      setFailure({ ...f, message: f.message.replace(/^requests\[0\]\./, ""), fieldErrors: local });
      setErrors(local);
    },
  }));

  const clear = (key: string) => setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k !== key && !k.startsWith(`${key}.`))));
  const set = (key: Text, ...errorKeys: string[]) => (event: { target: { value: string } }) => {
    const value = event.target.value;
    setValues((v) => ({ ...v, [key]: value }));
    for (const k of errorKeys.length ? errorKeys : [key]) clear(k);
    setRepeat(null);
  };

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    setFailure(null);
    setRepeat(null);
    const parsed = submissionInput.safeParse({ requests: [toSubmittedRequest(values)] });
    if (!parsed.success) {
      setErrors(formErrorsOfSubmission(zodFieldErrors(parsed.error)));
      setFailure({ message: "Some fields need attention. Nothing was submitted.", fieldErrors: {} });
      return;
    }
    setErrors({});
    submit.mutate(parsed.data);
  }

  const flavor = flavors.data?.find((f) => f.id === values.flavor);
  const zoneNames = useMemo(() => (zones.data ?? []).map((z) => z.name), [zones.data]);
  const f = (name: string) => `${id}-${name.replace(/\./g, "-")}`;
  const computeError = values.mode === "custom" ? undefined : errors.compute ?? errors.flavor;

  return (
    <>
      <div className="page-head">
        <div>
          <ol className="breadcrumbs"><li><Link href="/requests">Requests</Link></li><li>New</li></ol>
          <h1>New placement request</h1>
          <p>A worker places it on the live inventory, writes its allocations and provisions it through the driver.</p>
        </div>
      </div>
      <form className="stack" noValidate onSubmit={onSubmit} data-testid="new-request-form" aria-label="New placement request">
        {canOperate === false && (
          <div className="callout callout-warn" role="status" data-testid="role-message">
            <strong>Read only</strong>
            Submitting placement requests takes the operator role; yours does not include it. The form shows what a request holds.
          </div>
        )}
        <FormMessage failure={failure} />
        {repeat && (
          <div className="callout callout-warn" role="status" data-testid="repeat-message">
            <strong>Already submitted</strong>
            The key <code>{repeat.key}</code> already names a request: this is the same request, not a second one.
            <div className="actions">
              <Link className="btn btn-sm" href={`/requests/${repeat.id}` as Route}>Open it</Link>
              <button type="button" className="btn btn-sm" onClick={() => { setValues((v) => ({ ...v, key: newIdempotencyKey() })); setRepeat(null); }}>
                New key for another request
              </button>
            </div>
          </div>
        )}

        <section className="panel" aria-labelledby={`${id}-who`}>
          <div className="panel-head"><h2 id={`${id}-who`}>Who and which</h2></div>
          <div className="panel-body form">
            <div className="form-grid">
              <Field id={f("name")} name="name" label="Name" error={errors.name} hint="Shown in the queue; the key names it when empty">
                {(c) => <input {...c} className="input mono" value={values.name} onChange={set("name")} autoComplete="off" />}
              </Field>
              <Field id={f("project")} name="project" label="Project" error={errors.project} hint="Whose request it is">
                {(c) => <input {...c} className="input" value={values.project} onChange={set("project")} autoComplete="off" />}
              </Field>
              <Field id={f("key")} name="key" label="Idempotency key" error={errors.key} className="rq-key-field"
                hint="The same key again is the same request, never a second one">
                {(c) => (
                  <div className="input-group">
                    <input {...c} className="input mono" value={values.key} onChange={set("key")} autoComplete="off" spellCheck={false} />
                    <button type="button" className="btn btn-sm" style={{ height: 30 }} aria-label="Generate a new key" title="Generate a new idempotency key"
                      onClick={() => { setValues((v) => ({ ...v, key: newIdempotencyKey() })); clear("key"); setRepeat(null); }}>New</button>
                  </div>
                )}
              </Field>
            </div>
          </div>
        </section>

        <section className="panel" aria-labelledby={`${id}-compute`}>
          <div className="panel-head">
            <div>
              <h2 id={`${id}-compute`}>Compute</h2>
              <p>Placed on exactly one host.</p>
            </div>
            <fieldset className="rq-segmented" style={{ margin: 0, padding: 0 }}>
              <legend className="visually-hidden">Size by</legend>
              {(["flavor", "custom"] as const).map((mode) => (
                <label key={mode}>
                  <input type="radio" name={`${id}-mode`} value={mode} checked={values.mode === mode}
                    onChange={() => { setValues((v) => ({ ...v, mode })); clear("compute"); clear("flavor"); }} />
                  {mode === "flavor" ? "By flavor" : "Custom resources"}
                </label>
              ))}
            </fieldset>
          </div>
          <div className="panel-body form">
            {values.mode === "flavor" ? (
              <div className="form-grid">
                <Field id={f("flavor")} name="flavor" label="Flavor" error={computeError}
                  hint={flavor ? undefined : "Its vCPU, memory, disk and traits make the compute group"}>
                  {(c) => (
                    <select {...c} className="select" value={values.flavor} onChange={set("flavor", "flavor", "compute")}>
                      <option value="">choose…</option>
                      {(flavors.data ?? []).map((fl) => (
                        <option key={fl.id} value={fl.id}>{fl.id} — {fl.vcpus} vCPU, {formatAmount("MEMORY_MB", fl.memoryMb)}</option>
                      ))}
                    </select>
                  )}
                </Field>
                {flavor && (
                  <div className="rq-flavor-facts" data-testid="flavor-facts" style={{ alignSelf: "end", paddingBottom: 6, gridColumn: "span 2" }}>
                    {flavor.vcpus} vCPU · {formatAmount("MEMORY_MB", flavor.memoryMb)} memory · {formatAmount("DISK_GB", flavor.diskGb)} disk
                    {flavor.requiredTraits.length > 0 && <> · needs <span className="mono">{flavor.requiredTraits.join(", ")}</span></>}
                  </div>
                )}
              </div>
            ) : (
              <div className="form-grid">
                {([["vcpu", "VCPU", "vCPU", "8"], ["memory", "MEMORY_MB", "Memory", "16 GiB"], ["disk", "DISK_GB", "Root disk", "80 GiB"]] as const).map(([key, rc, label, example]) => (
                  <Field key={rc} id={f(`compute.resources.${rc}`)} name={`compute.resources.${rc}`} label={label}
                    error={errors[`compute.resources.${rc}`] ?? (rc === "VCPU" ? errors["compute.resources"] ?? errors.compute : undefined)}
                    hint={`In ${baseUnit(rc)}, or with a unit: ${example}`}>
                    {(c) => <input {...c} className="input num" inputMode="decimal" value={values[key]} onChange={set(key, `compute.resources.${rc}`, "compute")}
                      placeholder={example} autoComplete="off" />}
                  </Field>
                ))}
                <Field id={f("compute.requiredTraits")} name="compute.requiredTraits" label="Required traits"
                  error={errorUnder(errors, "compute.requiredTraits")} hint="HW_CPU_X86_AVX2 CUSTOM_NVME …">
                  {(c) => <input {...c} className="input mono" value={values.requiredTraits} onChange={set("requiredTraits", "compute.requiredTraits")} autoComplete="off" />}
                </Field>
              </div>
            )}
          </div>
        </section>

        <div className="grid grid-2">
          <section className="panel" aria-labelledby={`${id}-volumes`}>
            <div className="panel-head">
              <div><h2 id={`${id}-volumes`}>Volumes</h2><p>Each on one storage backend the host reaches.</p></div>
              <button type="button" className="btn btn-sm" data-testid="add-volume"
                onClick={() => setValues((v) => ({ ...v, volumes: [...v.volumes, { size: "100 GiB", volumeType: volumeTypes.data?.[0]?.id ?? "" }] }))}>
                Add volume
              </button>
            </div>
            <div className="panel-body rq-rows">
              {values.volumes.length === 0 && <p className="muted">No volumes: the server boots from its root disk.</p>}
              {values.volumes.map((vol, i) => (
                <div className="rq-row" key={i} role="group" aria-label={`Volume ${i + 1}`}>
                  <Field id={f(`storage.${i}.resources.VOLUME_GB`)} name={`storage.${i}.resources.VOLUME_GB`} label={`Volume ${i + 1} size`}
                    error={errorUnder(errors, `storage.${i}.resources`) ?? errors[`storage.${i}`]}>
                    {(c) => <input {...c} className="input num" value={vol.size} autoComplete="off"
                      onChange={(e) => { const size = e.target.value; setValues((v) => ({ ...v, volumes: v.volumes.map((x, j) => (j === i ? { ...x, size } : x)) })); clear(`storage.${i}`); }} />}
                  </Field>
                  <Field id={f(`storage.${i}.volumeType`)} name={`storage.${i}.volumeType`} label="Volume type" error={errors[`storage.${i}.volumeType`]}>
                    {(c) => (
                      <select {...c} className="select" value={vol.volumeType}
                        onChange={(e) => { const volumeType = e.target.value; setValues((v) => ({ ...v, volumes: v.volumes.map((x, j) => (j === i ? { ...x, volumeType } : x)) })); clear(`storage.${i}.volumeType`); }}>
                        <option value="">any backend</option>
                        {(volumeTypes.data ?? []).map((t) => <option key={t.id} value={t.id}>{t.id}{t.description ? ` — ${t.description}` : ""}</option>)}
                      </select>
                    )}
                  </Field>
                  <button type="button" className="btn btn-sm btn-ghost" aria-label={`Remove volume ${i + 1}`}
                    onClick={() => { setValues((v) => ({ ...v, volumes: v.volumes.filter((_, j) => j !== i) })); setErrors({}); }}>Remove</button>
                </div>
              ))}
            </div>
          </section>

          <section className="panel" aria-labelledby={`${id}-ports`}>
            <div className="panel-head">
              <div><h2 id={`${id}-ports`}>Ports</h2><p>Each on one network provider the host reaches.</p></div>
              <button type="button" className="btn btn-sm" data-testid="add-port"
                onClick={() => setValues((v) => ({ ...v, ports: [...v.ports, { resourceClass: "IPV4_ADDRESS", amount: "1" }] }))}>
                Add port
              </button>
            </div>
            <div className="panel-body rq-rows">
              {values.ports.length === 0 && <p className="muted">No ports: the server gets no network.</p>}
              {values.ports.map((port, i) => (
                <div className="rq-row" key={i} role="group" aria-label={`Port ${i + 1}`}>
                  <Field id={f(`network.${i}.kind`)} name={`network.${i}.kind`} label={`Port ${i + 1} network`}>
                    {(c) => (
                      <select {...c} className="select" value={port.resourceClass}
                        onChange={(e) => {
                          const resourceClass = e.target.value;
                          const amount = PORT_KINDS.find((k) => k.resourceClass === resourceClass)?.defaultAmount ?? "1";
                          setValues((v) => ({ ...v, ports: v.ports.map((x, j) => (j === i ? { resourceClass, amount } : x)) }));
                          clear(`network.${i}`);
                        }}>
                        {PORT_KINDS.map((k) => <option key={k.resourceClass} value={k.resourceClass}>{k.label}</option>)}
                      </select>
                    )}
                  </Field>
                  <Field id={f(`network.${i}.resources.${port.resourceClass}`)} name={`network.${i}.resources.${port.resourceClass}`}
                    label={`Amount (${baseUnit(port.resourceClass)})`} error={errorUnder(errors, `network.${i}`)}>
                    {(c) => <input {...c} className="input num" value={port.amount} autoComplete="off"
                      onChange={(e) => { const amount = e.target.value; setValues((v) => ({ ...v, ports: v.ports.map((x, j) => (j === i ? { ...x, amount } : x)) })); clear(`network.${i}`); }} />}
                  </Field>
                  <button type="button" className="btn btn-sm btn-ghost" aria-label={`Remove port ${i + 1}`}
                    onClick={() => { setValues((v) => ({ ...v, ports: v.ports.filter((_, j) => j !== i) })); setErrors({}); }}>Remove</button>
                </div>
              ))}
            </div>
          </section>
        </div>

        <section className="panel" aria-labelledby={`${id}-where`}>
          <div className="panel-head"><h2 id={`${id}-where`}>Where, how many, how urgent</h2></div>
          <div className="panel-body form">
            <div className="form-grid">
              <Field id={f("zone")} name="zone" label="Zone" error={errors.zone} hint="Only hosts of this availability zone">
                {(c) => (
                  <select {...c} className="select" value={values.zone} onChange={set("zone")}>
                    <option value="">any zone</option>
                    {values.zone && !zoneNames.includes(values.zone) && <option value={values.zone}>{values.zone}</option>}
                    {zoneNames.map((z) => <option key={z} value={z}>{z}</option>)}
                  </select>
                )}
              </Field>
              <Field id={f("pinnedHost")} name="pinnedHost" label="Pinned host (operators)" error={errors.pinnedHost}
                hint="Only this host; type 2+ letters for suggestions">
                {(c) => (
                  <>
                    <input {...c} className="input mono" value={values.pinnedHost} onChange={set("pinnedHost")} list={`${id}-hosts`}
                      autoComplete="off" spellCheck={false} />
                    <datalist id={`${id}-hosts`}>{(hosts.data?.items ?? []).map((h) => <option key={h.id} value={h.name} />)}</datalist>
                  </>
                )}
              </Field>
              <Field id={f("serverGroup")} name="serverGroup" label="Server group" error={errors.serverGroup}
                hint="project/name, or a name in this project">
                {(c) => (
                  <>
                    <input {...c} className="input mono" value={values.serverGroup} onChange={set("serverGroup")} list={`${id}-groups`} autoComplete="off" />
                    <datalist id={`${id}-groups`}>
                      {(serverGroups.data ?? []).map((g) => <option key={g.id} value={g.id}>{`${g.policy}${g.scope && g.scope !== "host" ? ` per ${g.scope}` : ""}`}</option>)}
                    </datalist>
                  </>
                )}
              </Field>
              <Field id={f("priority")} name="priority" label="Priority" error={errors.priority} hint="-1000 to 1000; higher places first when short">
                {(c) => <input {...c} className="input num" inputMode="numeric" value={values.priority} onChange={set("priority")} autoComplete="off" />}
              </Field>
              <Field id={f("count")} name="count" label="Count" error={errors.count} hint="Identical copies, named key#0, key#1, …">
                {(c) => <input {...c} className="input num" inputMode="numeric" value={values.count} onChange={set("count")} autoComplete="off" />}
              </Field>
            </div>
          </div>
        </section>

        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={submit.isPending || canOperate === false}>
            {submit.isPending ? "Submitting…" : "Submit request"}
          </button>
          <Link className="btn" href="/requests">Back to the queue</Link>
          {errors[""] && <span className="field-error" role="alert">{errors[""]}</span>}
        </div>
      </form>
    </>
  );
}
