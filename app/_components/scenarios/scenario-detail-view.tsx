"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Route } from "next";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { toFormFailure, type FormFailure } from "../../_lib/form-errors";
import { download } from "../../_lib/download";
import { tracePaths } from "../../_lib/scenario-traces";
import { formatTime } from "../../_lib/time";
import { useTRPC, useTRPCClient } from "../../_lib/trpc";
import { ErrorState, Loading } from "../ui/states";
import { RunTable } from "./scenario-list-view";
import { ScenarioEditor, type EditorValue } from "./scenario-editor";
import { VersionDiff } from "./version-diff";

/** A scenario: run its latest version, edit it (a save is a new version), its versions and their diffs, its runs. */
export function ScenarioDetailView({ id }: { id: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const router = useRouter();
  const scenario = useQuery(trpc.scenarios.get.queryOptions({ scenarioId: id }));
  const options = useQuery(trpc.scenarios.options.queryOptions());
  const runs = useQuery({ ...trpc.runs.list.queryOptions({ scenarioId: id }), refetchInterval: 3000 });
  const [value, setValue] = useState<EditorValue | null>(null);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [reps, setReps] = useState<string>("");
  const [reuse, setReuse] = useState(true);
  const [traces, setTraces] = useState<string[] | null>(null);
  const s = scenario.data;
  useEffect(() => {
    if (s && value === null) setValue({ name: s.name, description: s.description, spec: s.spec });
  }, [s, value]);
  const save = useMutation(trpc.scenarios.save.mutationOptions({
    onSuccess: (v) => {
      setFailure(null);
      setSaved(`Saved version ${v.version}.${v.notes.length ? " " + v.notes.join("; ") + "." : ""}`);
      void qc.invalidateQueries({ queryKey: trpc.scenarios.get.queryKey({ scenarioId: id }) });
    },
    onError: (e) => setFailure(toFormFailure(e)),
  }));
  const start = useMutation(trpc.runs.start.mutationOptions({ onSuccess: (r) => router.push(`/runs/${r.runId}` as Route) }));
  if (scenario.isError) return <ErrorState error={scenario.error} />;
  if (!s || !value || !options.data) return <Loading label="Loading the scenario…" rows={10} />;
  const n = reps.trim() === "" ? undefined : Number(reps);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{s.name} <span className="muted">v{s.version}</span></h1>
          <p>{s.description || "—"}</p>
          <p className="muted" style={{ fontSize: "var(--text-sm)" }}>
            Base: {s.baseLabel} · {s.counts.hosts} hosts, {s.counts.services} services, {s.counts.churn} churn streams, {s.counts.failures} failures · {(s.counts.durationSeconds / 3600).toFixed(1)} h at load × {s.counts.loadMultiplier}
          </p>
        </div>
        <div className="page-actions" style={{ alignItems: "end" }}>
          <button type="button" className="btn" data-testid="download-scenario" onClick={async () => {
            const c = await client.scenarios.compiled.query({ versionId: s.id });
            download(`${c.scenario.name}-v${s.version}.json`, JSON.stringify(c.scenario, null, 2), "application/json");
            setTraces(tracePaths(c.scenario));
          }}>Download for <code>headroom simulate</code></button>
          {traces !== null && traces.length > 0 && (
            <div className="hint" data-testid="download-traces" style={{ maxWidth: 420 }}>
              Its traces are named relative to the file: save it in the project&apos;s <code>data/</code> folder (the
              shipped traces are there) and each uploaded trace in <code>data/traces/</code>:
              <ul style={{ margin: "4px 0 0", paddingLeft: 18 }}>
                {traces.map((t) => (
                  <li key={t}>
                    <button type="button" className="link-button" onClick={async () => {
                      download(t.split("/").pop() ?? t, await client.scenarios.traceCsv.query({ path: t }), "text/csv");
                    }}>{t}</button>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      </div>
      <section className="panel" aria-label="Run">
        <div className="panel-head"><h2>Run version {s.version}</h2></div>
        <div className="panel-body" style={{ display: "flex", gap: 16, alignItems: "end", flexWrap: "wrap" }}>
          <label className="field" style={{ maxWidth: 180 }}><span>Replications</span>
            <input className="input" type="number" min={1} max={50} placeholder={String(s.spec.replications)} value={reps} onChange={(e) => setReps(e.target.value)} data-testid="run-replications" />
          </label>
          <label style={{ display: "flex", gap: 6, alignItems: "center" }}>
            <input type="checkbox" checked={reuse} onChange={(e) => setReuse(e.target.checked)} /> reuse a stored result of the same inputs
          </label>
          <button type="button" className="btn btn-primary" data-testid="start-run" disabled={start.isPending}
            onClick={() => start.mutate({ scenarioId: id, version: s.version, reuse, ...(n === undefined ? {} : { replications: n }) })}>
            {start.isPending ? "Starting…" : reuse ? "Run" : "Simulate again"}
          </button>
          {start.isError && <p className="field-error" role="alert">{toFormFailure(start.error).message}</p>}
          <p className="hint">Runs as a job (pg-boss): in this process on the embedded database, or on any <code>headroom worker</code>.</p>
        </div>
      </section>
      <section className="panel" aria-label="Runs"><div className="panel-head"><h2>Runs</h2></div><RunTable runs={runs.data ?? []} /></section>
      <div className="grid grid-main-side">
        <section className="panel" aria-label="Edit">
          <div className="panel-head"><h2>Edit (saving makes version {s.latestVersion + 1})</h2></div>
          <div className="panel-body">
            {saved && <div className="callout callout-ok" role="status" data-testid="saved-message">{saved}</div>}
            <ScenarioEditor value={value} onChange={(v) => { setSaved(null); setValue(v); }} options={options.data} saving={save.isPending} failure={failure} submitLabel="Save new version"
              onSubmit={(v) => save.mutate({ scenarioId: id, expectedVersion: s.latestVersion, name: v.name, description: v.description, spec: v.spec })} />
          </div>
        </section>
        <section className="panel" aria-label="Versions">
          <div className="panel-head"><h2>Versions</h2></div>
          <div className="panel-body">
            <ul style={{ listStyle: "none", padding: 0, margin: 0 }}>
              {s.versions.map((v) => <li key={v.version}>v{v.version} · {formatTime(v.createdAt)} · {v.createdBy}</li>)}
            </ul>
            {s.versions.length > 1 && <VersionDiff scenarioId={id} versions={s.versions.map((v) => v.version)} />}
          </div>
        </section>
      </div>
    </>
  );
}
