"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Route } from "next";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { toFormFailure, type FormFailure } from "../../_lib/form-errors";
import { useTRPC, type RouterOutputs } from "../../_lib/trpc";
import { formatPercent } from "../../_lib/units";
import { Field } from "../ui/field";
import { FormMessage } from "../ui/form-message";

type RunView = RouterOutputs["recommend"]["get"];
type Result = NonNullable<RunView["result"]>;
const ACTIVE = new Set(["queued", "running"]);

/** The demo's host models with purchase prices, as a starting point for the models field. */
const EXAMPLE_MODELS = JSON.stringify({ models: [
  { id: "model-a", price: 21960, inventory: { VCPU: { total: 128, allocationRatio: 4 }, MEMORY_MB: { total: 524288, reserved: 4096, allocationRatio: 1.5 }, DISK_GB: { total: 3576, reserved: 100 } }, traits: ["HW_CPU_X86_AVX2", "HW_CPU_X86_AVX512F", "HW_CPU_X86_SSE42", "STORAGE_DISK_SSD"], maxPerRack: 20 },
  { id: "model-b", price: 29520, inventory: { VCPU: { total: 192, allocationRatio: 4 }, MEMORY_MB: { total: 786432, reserved: 8192 }, DISK_GB: { total: 7152, reserved: 100 } }, traits: ["HW_CPU_X86_AVX2", "HW_CPU_X86_SSE42", "HW_CPU_X86_AMD_SEV", "STORAGE_DISK_SSD", "CUSTOM_NVME", "HW_NIC_SRIOV"], maxPerRack: 20 },
  { id: "model-c", price: 41400, inventory: { VCPU: { total: 256, allocationRatio: 2 }, MEMORY_MB: { total: 1048576, reserved: 8192 }, DISK_GB: { total: 14304, reserved: 200 } }, traits: ["HW_CPU_X86_AVX2", "HW_CPU_X86_AVX512F", "HW_CPU_X86_SSE42", "HW_CPU_X86_AMD_SEV", "STORAGE_DISK_SSD", "CUSTOM_NVME", "HW_NIC_SRIOV"], maxPerRack: 16 },
] }, null, 2);

/** The field a server error names, folded onto this form's fields (models[0].price -> models, scenario.x -> scenario). */
export function formField(key: string): string {
  if (key.startsWith("models")) return "models";
  if (key.startsWith("scenario")) return "scenario";
  return key;
}

export function RecommendView() {
  const trpc = useTRPC();
  const saved = useQuery(trpc.scenarios.list.queryOptions());
  const [source, setSource] = useState<"saved" | "upload">("upload");
  const [scenarioId, setScenarioId] = useState("");
  const [upload, setUpload] = useState<{ name: string; json: unknown } | null>(null);
  const [models, setModels] = useState(EXAMPLE_MODELS);
  const [peak, setPeak] = useState("1.5");
  const [fail, setFail] = useState("");
  const [blocking, setBlocking] = useState("1");
  const [overload, setOverload] = useState("0");
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const router = useRouter();
  const pathname = usePathname();
  const runId = useSearchParams().get("run");
  const start = useMutation(trpc.recommend.start.mutationOptions({
    onError: (e) => setFailure(toFormFailure(e)),
    onSuccess: ({ runId: id }) => {
      setFailure(null);
      router.push(`${pathname}?run=${id}` as Route);
    },
  }));
  const errors: Record<string, string> = {};
  for (const [k, v] of Object.entries(failure?.fieldErrors ?? {})) errors[formField(k)] ??= k === formField(k) ? v : `${k}: ${v}`;
  const bad = (fieldErrors: Record<string, string>) => setFailure({ code: "BAD_REQUEST", message: "Check the fields marked below.", fieldErrors } as FormFailure);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    let parsedModels: unknown;
    const local: Record<string, string> = {};
    try { parsedModels = JSON.parse(models); } catch { local.models = "not valid JSON"; }
    if (source === "upload" && !upload) local.scenario = "choose a scenario file (the contract's Scenario JSON)";
    if (source === "saved" && !scenarioId) local.scenario = "choose a saved scenario";
    if (Object.keys(local).length > 0) return bad(local);
    start.mutate({
      ...(source === "upload" ? { scenario: upload!.json } : { scenarioId }),
      models: parsedModels, peak: Number(peak), ...(fail.trim() ? { fail: fail.trim() } : {}),
      targetBlocking: Number(blocking) / 100, maxOverloadSeconds: Number(overload),
    });
  };

  return (
    <>
      <div className="page-head">
        <div>
          <h1>What to buy before the peak</h1>
          <p>The cheapest purchase of host models, per zone, that keeps a scenario&apos;s blocking and overload targets with every load × K and a rack or zone down throughout. Sized by an integer program from the demand the simulation measures, then checked by simulation.</p>
        </div>
      </div>
      <form className="panel panel-body stack" onSubmit={submit} noValidate data-testid="recommend-form">
        <FormMessage failure={failure} />
        <fieldset className="field">
          <legend className="label">Scenario</legend>
          <label><input type="radio" name="source" checked={source === "upload"} onChange={() => setSource("upload")} /> Upload a scenario file</label>
          <label><input type="radio" name="source" checked={source === "saved"} onChange={() => setSource("saved")} disabled={!saved.data?.length} /> A saved what-if scenario{saved.data && saved.data.length === 0 ? " (none saved yet)" : ""}</label>
        </fieldset>
        {source === "upload" ? (
          <Field id="scenario" label="Scenario file (JSON)" hint={upload ? `${upload.name} loaded` : "as headroom simulate reads it; traces may name data/traces/…"} error={errors.scenario}>
            {(c) => <input {...c} type="file" accept="application/json,.json" onChange={async (e) => {
              const f = e.target.files?.[0];
              if (!f) return;
              try { setUpload({ name: f.name, json: JSON.parse(await f.text()) }); setFailure(null); } catch { bad({ scenario: `${f.name} is not valid JSON` }); }
            }} />}
          </Field>
        ) : (
          <Field id="scenario" label="Saved scenario" error={errors.scenario}>
            {(c) => <select {...c} className="select" value={scenarioId} onChange={(e) => setScenarioId(e.target.value)}>
              <option value="">Choose…</option>
              {(saved.data ?? []).map((s) => <option key={s.id} value={s.id}>{s.name} (v{s.latestVersion})</option>)}
            </select>}
          </Field>
        )}
        <div className="grid grid-2">
          <Field id="peak" label="Peak multiplier K" hint="every load × K" error={errors.peak}>{(c) => <input {...c} className="input" inputMode="decimal" value={peak} onChange={(e) => setPeak(e.target.value)} />}</Field>
          <Field id="fail" label="Down throughout" hint="a provider, rack or zone id of the scenario; empty for none" error={errors.fail}>{(c) => <input {...c} className="input" value={fail} onChange={(e) => setFail(e.target.value)} />}</Field>
          <Field id="targetBlocking" label="Blocking target (%)" error={errors.targetBlocking}>{(c) => <input {...c} className="input" inputMode="decimal" value={blocking} onChange={(e) => setBlocking(e.target.value)} />}</Field>
          <Field id="maxOverloadSeconds" label="Overload allowed per service (s)" error={errors.maxOverloadSeconds}>{(c) => <input {...c} className="input" inputMode="numeric" value={overload} onChange={(e) => setOverload(e.target.value)} />}</Field>
        </div>
        <Field id="models" label="Host models that can be bought (JSON, with prices)" error={errors.models}>
          {(c) => <textarea {...c} className="textarea" rows={10} value={models} onChange={(e) => setModels(e.target.value)} />}
        </Field>
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={start.isPending}>{start.isPending ? "Checking the input…" : "Recommend a purchase"}</button>
        </div>
      </form>
      {runId && <RecommendationRun id={runId} />}
      <RecentRecommendations current={runId} />
    </>
  );
}

/** One recommendation run: live progress while it works (polled), then its answer, or why not. */
function RecommendationRun({ id }: { id: string }) {
  const trpc = useTRPC();
  const client = useQueryClient();
  const [now, setNow] = useState(() => Date.now());
  const run = useQuery({ ...trpc.recommend.get.queryOptions({ runId: id }), refetchInterval: (q) => (q.state.data && !ACTIVE.has(q.state.data.status) ? false : 500) });
  const cancel = useMutation(trpc.recommend.cancel.mutationOptions({ onSuccess: () => void client.invalidateQueries({ queryKey: trpc.recommend.get.queryKey({ runId: id }) }) }));
  const active = run.data !== undefined && ACTIVE.has(run.data.status);
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, [active]);
  if (run.isPending) return <p className="muted" role="status">Loading the recommendation…</p>;
  if (run.isError) return <div className="callout callout-error" role="alert"><strong>Could not load the recommendation</strong>{run.error.message}</div>;
  const r = run.data;
  if (r.status === "succeeded" && r.result) return <RecommendationPanel r={r.result} />;
  if (r.status === "failed") {
    return <div className="callout callout-error" role="alert" data-testid="recommendation-error"><strong>No recommendation</strong>{r.errorField ? `${r.errorField}: ` : ""}{r.error ?? "no reason was recorded"}</div>;
  }
  if (r.status === "cancelled") return <div className="callout callout-warn" data-testid="recommendation-cancelled"><strong>Cancelled</strong>The recommendation was stopped before it finished.</div>;
  const pct = Math.round(r.progress * 1000) / 10;
  const elapsed = r.startedAt ? Math.max(0, now - new Date(r.startedAt).getTime()) : 0;
  return (
    <section className="panel" style={{ marginTop: "var(--space-4)" }} aria-label="Progress" data-testid="recommendation-progress">
      <div className="panel-head">
        <h2>Working it out</h2>
        <button type="button" className="btn btn-danger" onClick={() => cancel.mutate({ runId: id })} disabled={cancel.isPending} data-testid="cancel-recommendation">Cancel</button>
      </div>
      <div className="panel-body">
        <div className="usage-track" style={{ height: 14, borderRadius: 7, overflow: "hidden", background: "var(--bar-track)" }}
          role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={`Simulation ${r.simulations} done`}>
          <div style={{ width: `${pct}%`, height: "100%", background: "var(--bar-used)", transition: "width 0.3s" }} />
        </div>
        <p className="muted" style={{ marginTop: 6 }}>
          {r.status === "queued" ? "Queued: waiting for a job worker…" : (
            <>
              Simulation <strong>{r.simulations}</strong>{r.simulations > 0 && <>: {pct.toFixed(1)}% of its simulated time</>}
              {" · "}{(elapsed / 1000).toFixed(1)} s elapsed
              {r.message && <><br />Last step: {r.message}</>}
            </>
          )}
        </p>
      </div>
    </section>
  );
}

/** The last recommendations asked for, newest first, each a link to its answer. */
function RecentRecommendations({ current }: { current: string | null }) {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.recommend.list.queryOptions({ limit: 10 }), refetchInterval: 5000 });
  if (!list.data || list.data.length === 0) return null;
  return (
    <section className="panel" style={{ marginTop: "var(--space-4)" }} aria-labelledby="recent-title">
      <div className="panel-head"><h2 id="recent-title">Recent recommendations</h2></div>
      <div className="panel-body">
        <table className="data">
          <thead><tr><th>Scenario</th><th>Status</th><th>Asked by</th><th>When</th></tr></thead>
          <tbody>
            {list.data.map((x) => (
              <tr key={x.id} aria-current={x.id === current ? "true" : undefined}>
                <td><Link href={`/recommend?run=${x.id}` as Route}>{x.scenarioName}</Link></td>
                <td>{x.status}</td><td>{x.createdBy}</td><td>{new Date(x.createdAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RecommendationPanel({ r }: { r: Result }) {
  const money = (v: number) => v.toLocaleString("en-US", { maximumFractionDigits: 0 });
  const overload = Math.max(0, ...r.check.services.map((s) => s.overloadSeconds));
  return (
    <section className="panel" style={{ marginTop: "var(--space-4)" }} data-testid="recommendation" aria-labelledby="rec-title">
      <div className="panel-head">
        <div>
          <h2 id="rec-title">{r.met ? "This purchase keeps the targets" : "No purchase meets the targets"}</h2>
          <p>Cost {money(r.cost)}; proven lower bound {r.lowerBoundCost === null ? "none" : money(r.lowerBoundCost)}{r.lowerBoundCost !== null && r.cost > 0 ? ` (gap ${formatPercent((r.cost - r.lowerBoundCost) / r.cost)})` : ""}; {r.simulations} simulations.</p>
        </div>
      </div>
      <div className="panel-body">
        {r.unreachable && <div className="callout callout-warn" role="status"><strong>Not a matter of capacity.</strong> {r.unreachable.reason}. Short by {formatPercent(r.unreachable.blocking)} blocking and {Math.round(r.unreachable.overloadSeconds)} s of overload.</div>}
        <table className="data">
          <thead><tr><th>Model</th><th>Zone</th><th>Rack</th><th>Hosts</th></tr></thead>
          <tbody>
            {r.purchase.length === 0 ? <tr><td colSpan={4}>Buy nothing: the scenario keeps its targets as it is.</td></tr> : r.purchase.map((p) => (
              <tr key={`${p.model}/${p.rack}`} data-testid="purchase-row"><td>{p.model}</td><td>{p.zone ?? "—"}</td><td>{p.rack ?? "—"}</td><td>{p.count}</td></tr>
            ))}
          </tbody>
        </table>
        <p>Check: blocking {formatPercent(r.check.placements.blockingProbability)} (margin {formatPercent(r.margin.blocking)}), worst overload {Math.round(overload)} s (margin {Math.round(r.margin.overloadSeconds)} s), hosts in use at the peak {r.check.hostsUsedPeak}.</p>
        <ul>
          {r.removeOne.map((x) => (
            <li key={`${x.model}/${x.zone}`}>One {x.model} fewer in {x.zone ?? "the fleet"} (cost {money(x.costWithout)}): {x.check === "fails" ? "fails the check" : x.check === "passes" ? "still passes" : "not simulated"}{x.withinBound ? ", within the bound's gap" : ", below the proven bound"}.</li>
          ))}
        </ul>
      </div>
    </section>
  );
}
