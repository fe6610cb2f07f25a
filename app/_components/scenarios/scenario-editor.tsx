"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ScenarioSpecSchema, type ScenarioSpecInput } from "~/server/scenarios/spec";
import { toFormFailure, zodFieldErrors, type FormFailure } from "../../_lib/form-errors";
import { append, getIn, NEW_CHURN, NEW_FAILURE, NEW_SERVICE, removeAt, setIn, type Path } from "../../_lib/spec-edit";
import { useTRPC, type RouterOutputs } from "../../_lib/trpc";
import { Field } from "../ui/field";
import { FormMessage } from "../ui/form-message";
import { Choice, ListSection, Num, SpecFormContext, Text } from "./spec-fields";

export type EditorValue = { name: string; description: string; spec: ScenarioSpecInput };
type Options = RouterOutputs["scenarios"]["options"];
type TraceInfo = RouterOutputs["scenarios"]["traces"][number];

/** The trace part of a load (a service's requests, a churn stream's arrivals): source, columns, window, scale. */
function TraceFields({ path, traces, spec }: { path: Path; traces: TraceInfo[]; spec: unknown }) {
  const source = getIn(spec, [...path, "source"]) as { kind: string; id: string } | undefined;
  const info = traces.find((t) => t.id === source?.id);
  const cols = info?.columns ?? [];
  return (
    <>
      <Choice path={[...path, "source", "id"]} label="Trace" options={traces.map((t) => ({ value: t.id, label: `${t.kind === "upload" ? "uploaded: " : ""}${t.name}` }))}
        hint={info ? `${info.rows.toLocaleString("en-US")} rows; columns ${info.columns.join(", ")}${info.notice ? `. Source: ${info.notice}` : ""}` : undefined} />
      <Choice path={[...path, "column"]} label="Rate column" options={cols} empty="choose…" />
      <Choice path={[...path, "timeColumn"]} label="Time column" options={cols} empty="(none: one row per step)" />
      <Text path={[...path, "startAt"]} label="Window starts at" placeholder={info?.first[getIn(spec, [...path, "timeColumn"]) as string] ?? "YYYY-MM-DD HH:MM:SS"}
        hint={info && getIn(spec, [...path, "timeColumn"]) ? `${info.first[getIn(spec, [...path, "timeColumn"]) as string] ?? ""} … ${info.last[getIn(spec, [...path, "timeColumn"]) as string] ?? ""}; the window is the run's length` : "needs a time column"} />
      <Num path={[...path, "rowSeconds"]} label="Seconds per row" hint="without a time column" />
      <Num path={[...path, "scale"]} label="Scale" hint="rate = value × scale (1/60: per minute → per second)" />
    </>
  );
}

function Upload({ onUploaded }: { onUploaded: (t: { id: string }) => void }) {
  const trpc = useTRPC();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const upload = useMutation(trpc.scenarios.uploadTrace.mutationOptions({
    onSuccess: (t) => { setError(null); void client.invalidateQueries({ queryKey: trpc.scenarios.traces.queryKey() }); onUploaded(t); },
    onError: (e) => setError(toFormFailure(e).message),
  }));
  return (
    <Field id="trace-upload" label="Upload a CSV trace" hint="A header row, then one row per step or per timestamp; choose its columns below." error={error ?? undefined}>
      {(c) => <input {...c} type="file" accept=".csv,text/csv" className="input" data-testid="trace-upload"
        onChange={async (e) => { const f = e.target.files?.[0]; if (f) upload.mutate({ name: f.name, csv: await f.text() }); }} />}
    </Field>
  );
}

/**
 * The scenario form: base, run settings, services, churn, failures, changes. Validates with the
 * same zod schema as the server, then shows the server's field errors beside the same fields.
 */
export function ScenarioEditor({ value, onChange, onSubmit, saving, failure, options, submitLabel }: {
  value: EditorValue; onChange: (v: EditorValue) => void; onSubmit: (v: EditorValue) => void; saving: boolean; failure: FormFailure | null;
  options: Options; submitLabel: string;
}) {
  const trpc = useTRPC();
  const traces = useQuery(trpc.scenarios.traces.queryOptions()).data ?? [];
  const [local, setLocal] = useState<Record<string, string>>({});
  const errors = { ...(failure?.fieldErrors ?? {}), ...local };
  const spec = value.spec as Record<string, unknown>;
  const set = (path: Path, v: unknown) => onChange({ ...value, spec: setIn(value.spec, path, v) });
  const base = (spec.base ?? { kind: "inventory" }) as { kind: string };
  const services = (spec.services as unknown[] | undefined) ?? [];
  const churn = (spec.churn as unknown[] | undefined) ?? [];
  const failures = (spec.failures as unknown[] | undefined) ?? [];
  const changes = (spec.changes ?? {}) as Record<string, unknown[] | undefined>;
  const targets = [...options.racks, ...options.zones];
  const models = options.models.map((m) => ({ value: m.id, label: `${m.id} (${m.hosts} hosts): ${m.description.slice(0, 60)}` }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = ScenarioSpecSchema.safeParse(value.spec);
    const fe: Record<string, string> = {};
    if (!value.name.trim()) fe.name = "must not be empty";
    if (!parsed.success) for (const [k, m] of Object.entries(zodFieldErrors(parsed.error))) fe[`spec.${k}`] = m;
    setLocal(fe);
    if (Object.keys(fe).length === 0) onSubmit(value);
  };

  const loadKind = (i: number) => getIn(spec, ["services", i, "load", "kind"]) as string;
  const traceDefault = { kind: "trace", source: { kind: "shipped", id: "worldcup98" }, column: "count", timeColumn: "period", startAt: "1998-06-30 00:00:00", scale: 1 / 60 };

  return (
    <SpecFormContext.Provider value={{ spec: value.spec, set, errors }}>
      <form className="form" onSubmit={submit} noValidate data-testid="scenario-form">
        <FormMessage failure={Object.keys(local).length > 0 ? { message: "Some fields need attention (marked below). Nothing was saved.", fieldErrors: local } : failure} />
        <div className="form-grid">
          <Field id="scenario-name" label="Name" error={errors.name}>
            {(c) => <input {...c} className="input" value={value.name} onChange={(e) => onChange({ ...value, name: e.target.value })} />}
          </Field>
          <Field id="scenario-description" label="What it asks" error={errors.description}>
            {(c) => <input {...c} className="input" value={value.description} onChange={(e) => onChange({ ...value, description: e.target.value })} placeholder="e.g. can we take Black Friday at 3x with a rack down?" />}
          </Field>
        </div>

        <fieldset className="form-section" style={{ border: 0, padding: 0 }}>
          <legend className="form-section-title">Base</legend>
          <div className="form-grid">
            <Field id="base-kind" label="Start from" error={errors["spec.base"]}>
              {(c) => (
                <select {...c} className="input" value={base.kind === "inventory" && (spec.base as { zone?: string }).zone ? "zone" : base.kind}
                  onChange={(e) => {
                    const k = e.target.value;
                    set(["base"], k === "inventory" ? { kind: "inventory" } : k === "zone" ? { kind: "inventory", zone: options.zones[0] } : k === "scenario" ? { kind: "scenario", scenarioId: options.scenarios[0]?.id } : k === "bench" ? { kind: "bench", hosts: 2000, services: 40 } : spec.base);
                  }}>
                  <option value="inventory">The live inventory now</option>
                  <option value="zone">One zone of the live inventory</option>
                  <option value="scenario" disabled={options.scenarios.length === 0}>Another scenario</option>
                  <option value="bench">The simulator benchmark estate</option>
                  {base.kind === "document" && <option value="document">A scenario file</option>}
                </select>
              )}
            </Field>
            {base.kind === "inventory" && (spec.base as { zone?: string }).zone !== undefined && <Choice path={["base", "zone"]} label="Zone" options={options.zones} />}
            {base.kind === "scenario" && <Choice path={["base", "scenarioId"]} label="Scenario" options={options.scenarios.map((s) => ({ value: s.id, label: `${s.name} (v${s.latestVersion})` }))} />}
            {base.kind === "scenario" && <Num path={["base", "version"]} label="Version" hint="empty: its latest" step="1" />}
            {base.kind === "bench" && <><Num path={["base", "hosts"]} label="Hosts" step="1" /><Num path={["base", "services"]} label="Services" step="1" /></>}
          </div>
        </fieldset>

        <fieldset className="form-section" style={{ border: 0, padding: 0 }}>
          <legend className="form-section-title">Run</legend>
          <div className="form-grid">
            <Num path={["durationHours"]} label="Duration (hours)" />
            <Num path={["loadMultiplier"]} placeholder="1" label="Load multiplier" hint="every service's and stream's load × this (3 = three times)" />
            <Num path={["stepSeconds"]} label="Step (s)" hint="one point of the series" placeholder="60" />
            <Num path={["seed"]} label="Seed" step="1" placeholder="1" />
            <Choice path={["objective"]} label="Placement objective" options={["pack", "spread", "balance"]} />
            <Num path={["replications"]} label="Replications" step="1" placeholder="1" hint="2 or more: intervals over seeds seed…seed+n−1" />
            <Num path={["confidence"]} label="Confidence" placeholder="0.95" hint="of the intervals, e.g. 0.95" />
          </div>
        </fieldset>

        <ListSection title="Services" hint="Behind a load balancer, scaled on their load: target utilisation, cooldown, boot time, min and max instances."
          items={services} addLabel="Add a service" onAdd={() => set(["services"], [...services, NEW_SERVICE(services.length + 1)])} onRemove={(i) => onChange({ ...value, spec: removeAt(value.spec, ["services"], i) })}
          render={(i) => (
            <>
              <Text path={["services", i, "id"]} label="Id" />
              <Num path={["services", i, "vm", "vcpu"]} label="vCPU per instance" />
              <Num path={["services", i, "vm", "memoryMb"]} label="Memory (MiB)" step="1" />
              <Num path={["services", i, "vm", "diskGb"]} label="Disk (GB)" step="1" />
              <Text path={["services", i, "vm", "serverGroup"]} label="Server group" list="server-groups" />
              <Num path={["services", i, "rpsPerInstance"]} label="Requests/s per instance" />
              <Num path={["services", i, "minInstances"]} label="Min instances" step="1" />
              <Num path={["services", i, "maxInstances"]} label="Max instances" step="1" />
              <Num path={["services", i, "targetUtilization"]} label="Target utilisation" hint="0..1" />
              <Num path={["services", i, "cooldownSeconds"]} label="Cooldown (s)" />
              <Num path={["services", i, "bootSeconds"]} label="Boot (s, mean)" />
              <Field id={`f-services-${i}-load-kind`} label="Load from" error={ownError(["services", i, "load"], errors)}>
                {(c) => (
                  <select {...c} className="input" value={loadKind(i)} onChange={(e) => set(["services", i, "load"], e.target.value === "trace" ? traceDefault : { kind: "profile", profile: "diurnal", baseRps: 500 })}>
                    <option value="profile">A profile</option><option value="trace">A trace</option>
                  </select>
                )}
              </Field>
              {loadKind(i) === "profile" ? (
                <>
                  <Choice path={["services", i, "load", "profile"]} label="Profile" options={["flat", "diurnal", "peak-sale"]} />
                  <Num path={["services", i, "load", "baseRps"]} label="Base requests/s" />
                  <Num path={["services", i, "load", "peakMultiplier"]} label="Peak multiplier" hint="peak-sale: rate at the peak = base × this" />
                  <Num path={["services", i, "load", "peakAtHours"]} label="Sale opens at (hour)" />
                </>
              ) : <TraceFields path={["services", i, "load"]} traces={traces} spec={value.spec} />}
            </>
          )} />
        <Upload onUploaded={(t) => {
          const i = services.findIndex((_, k) => loadKind(k) === "trace");
          if (i >= 0) set(["services", i, "load"], { kind: "trace", source: { kind: "upload", id: t.id }, column: "", scale: 1 });
        }} />

        <ListSection title="VM churn" hint="Poisson arrivals per hour, exponential lifetimes; a request finding no room is rejected, or waits."
          items={churn} addLabel="Add a churn stream" onAdd={() => set(["churn"], [...churn, NEW_CHURN(churn.length + 1)])} onRemove={(i) => onChange({ ...value, spec: removeAt(value.spec, ["churn"], i) })}
          render={(i) => (
            <>
              <Text path={["churn", i, "id"]} label="Id" />
              <Num path={["churn", i, "vm", "vcpu"]} label="vCPU" />
              <Num path={["churn", i, "vm", "memoryMb"]} label="Memory (MiB)" step="1" />
              <Num path={["churn", i, "arrivals", "perHour"]} label="Arrivals per hour" />
              <Num path={["churn", i, "meanLifetimeHours"]} label="Mean lifetime (h)" />
              <Choice path={["churn", i, "whenFull"]} label="When full" options={[{ value: "reject", label: "reject (lost)" }, { value: "wait", label: "wait in a queue" }]} />
              <Num path={["churn", i, "maxWaitSeconds"]} label="Gives up after (s)" hint="waiting streams only" />
            </>
          )} />

        <ListSection title="Failures" hint="A rack, a zone or a host going down at a moment (back after the repair), or random host failures by MTBF."
          items={failures} addLabel="Add a failure" onAdd={() => set(["failures"], [...failures, NEW_FAILURE(options.racks[0] ?? "")])} onRemove={(i) => onChange({ ...value, spec: removeAt(value.spec, ["failures"], i) })}
          render={(i) => getIn(spec, ["failures", i, "kind"]) === "random" ? (
            <>
              <Num path={["failures", i, "mtbfHours"]} label="Host MTBF (h)" />
              <Num path={["failures", i, "mttrHours"]} label="Host MTTR (h)" />
            </>
          ) : (
            <>
              <Text path={["failures", i, "target"]} label="Rack, zone or host" list="failure-targets" />
              <Num path={["failures", i, "atHours"]} label="At (hour of the run)" />
              <Num path={["failures", i, "repairHours"]} label="Repaired after (h)" hint="empty: not within the run" />
            </>
          )} />
        <div><button type="button" className="btn btn-sm" onClick={() => set(["failures"], [...failures, { kind: "random", mtbfHours: 2000, mttrHours: 6 }])}>Add random host failures</button></div>

        <ListSection title="Allocation ratios" hint="Overcommit per hardware model: every host of the model gets the ratio for the class."
          items={changes.allocationRatios ?? []} addLabel="Add a ratio" onAdd={() => onChange({ ...value, spec: append(value.spec, ["changes", "allocationRatios"], { model: options.models[0]?.id ?? "", resourceClass: "VCPU", ratio: 4 }) })}
          onRemove={(i) => onChange({ ...value, spec: removeAt(value.spec, ["changes", "allocationRatios"], i) })}
          render={(i) => (
            <>
              <Choice path={["changes", "allocationRatios", i, "model"]} label="Model" options={models} />
              <Choice path={["changes", "allocationRatios", i, "resourceClass"]} label="Class" options={options.resourceClasses} />
              <Num path={["changes", "allocationRatios", i, "ratio"]} label="Ratio" />
            </>
          )} />
        <ListSection title="Hosts bought" hint="Hosts of a model into a zone (and a rack; empty: a new rack of their own). Ids new-<model>-<n>."
          items={changes.buy ?? []} addLabel="Buy hosts" onAdd={() => onChange({ ...value, spec: append(value.spec, ["changes", "buy"], { model: options.models[0]?.id ?? "", count: 20, zone: options.zones[0] ?? "" }) })}
          onRemove={(i) => onChange({ ...value, spec: removeAt(value.spec, ["changes", "buy"], i) })}
          render={(i) => (
            <>
              <Choice path={["changes", "buy", i, "model"]} label="Model" options={models} />
              <Num path={["changes", "buy", i, "count"]} label="Count" step="1" />
              <Choice path={["changes", "buy", i, "zone"]} label="Zone" options={options.zones} />
              <Text path={["changes", "buy", i, "rack"]} label="Rack" list="racks" />
            </>
          )} />
        <Field id="changes-retire" label="Hosts retired" hint="host names, one per line or comma-separated" error={Object.entries(errors).find(([k]) => k.startsWith("spec.changes.retire"))?.[1]}>
          {(c) => <textarea {...c} className="textarea" rows={2} style={{ minHeight: 0, height: 56 }} value={((changes.retire as string[] | undefined) ?? []).join("\n")}
            onChange={(e) => set(["changes", "retire"], e.target.value.split(/[\n,]+/).map((s) => s.trim()).filter(Boolean))} />}
        </Field>
        <ListSection title="Server groups" hint="New groups the services can name."
          items={changes.serverGroups ?? []} addLabel="Add a server group" onAdd={() => onChange({ ...value, spec: append(value.spec, ["changes", "serverGroups"], { id: `group-${(changes.serverGroups ?? []).length + 1}`, policy: "soft-anti-affinity", scope: "host" }) })}
          onRemove={(i) => onChange({ ...value, spec: removeAt(value.spec, ["changes", "serverGroups"], i) })}
          render={(i) => (
            <>
              <Text path={["changes", "serverGroups", i, "id"]} label="Id" />
              <Choice path={["changes", "serverGroups", i, "policy"]} label="Policy" options={["affinity", "anti-affinity", "soft-anti-affinity"]} />
              <Choice path={["changes", "serverGroups", i, "scope"]} label="Scope" options={["host", "rack", "zone"]} />
            </>
          )} />

        <datalist id="failure-targets">{targets.map((t) => <option key={t} value={t} />)}</datalist>
        <datalist id="racks">{options.racks.map((t) => <option key={t} value={t} />)}</datalist>
        <datalist id="server-groups">{options.serverGroups.map((t) => <option key={t} value={t} />)}</datalist>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={saving} data-testid="save-scenario">{saving ? "Saving…" : submitLabel}</button>
        </div>
      </form>
    </SpecFormContext.Provider>
  );
}

/** A load's own error (e.g. a window) when no inner field took it. */
function ownError(path: Path, errors: Record<string, string>): string | undefined {
  return errors[["spec", ...path].join(".")];
}
