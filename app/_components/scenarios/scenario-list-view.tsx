"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { Route } from "next";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatTime } from "../../_lib/time";
import { useTRPC } from "../../_lib/trpc";
import { Empty, ErrorState, Loading } from "../ui/states";

/** Scenarios and recent runs; pick runs to compare; start from a template. */
export function ScenarioListView() {
  const trpc = useTRPC();
  const router = useRouter();
  const list = useQuery(trpc.scenarios.list.queryOptions());
  const runs = useQuery({ ...trpc.runs.list.queryOptions({ limit: 30 }), refetchInterval: 3000 });
  const templates = useQuery(trpc.scenarios.templates.queryOptions());
  const [picked, setPicked] = useState<string[]>([]);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>What-if scenarios</h1>
          <p>Start from the live inventory, say what changes (load, failures, overcommit, hosts bought), run it and compare the outcomes.</p>
        </div>
        <div className="page-actions"><Link className="btn btn-primary" href={"/scenarios/new" as Route} data-testid="new-scenario">New scenario</Link></div>
      </div>
      <section className="panel" aria-label="Templates">
        <div className="panel-head"><h2>Start from a template</h2></div>
        <div className="panel-body" style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(240px, 1fr))", gap: 12 }}>
          {(templates.data ?? []).map((t) => (
            <Link key={t.id} href={`/scenarios/new?template=${t.id}` as Route} className="panel" style={{ padding: 12, textDecoration: "none" }} data-testid={`template-${t.id}`}>
              <strong>{t.label}</strong>
              <p className="muted" style={{ margin: "4px 0 0", fontSize: "var(--text-sm)" }}>{t.description}</p>
            </Link>
          ))}
        </div>
      </section>
      <section className="panel" aria-label="Scenarios">
        <div className="panel-head"><h2>Scenarios</h2></div>
        {list.isPending ? <Loading /> : list.isError ? <ErrorState error={list.error} /> : list.data.length === 0 ? <Empty title="No scenario yet">Start from a template above.</Empty> : (
          <div className="table-wrap">
            <table className="data" data-testid="scenario-table">
              <thead><tr><th scope="col">Name</th><th scope="col">What it asks</th><th scope="col" className="num">Version</th><th scope="col" className="num">Runs</th><th scope="col">Updated</th><th scope="col">By</th></tr></thead>
              <tbody>
                {list.data.map((s) => (
                  <tr key={s.id}>
                    <td><Link href={`/scenarios/${s.id}` as Route}>{s.name}</Link></td><td className="muted">{s.description}</td>
                    <td className="num">v{s.latestVersion}</td><td className="num">{s.runs}</td><td>{formatTime(s.updatedAt)}</td><td>{s.createdBy}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel" aria-label="Recent runs">
        <div className="panel-head" style={{ display: "flex", justifyContent: "space-between" }}>
          <h2>Recent runs</h2>
          <button type="button" className="btn btn-primary btn-sm" disabled={picked.length < 2} data-testid="compare-picked"
            onClick={() => router.push(`/compare?runs=${picked.join(",")}` as Route)}>Compare {picked.length > 0 ? picked.length : ""} runs</button>
        </div>
        <RunTable runs={runs.data ?? []} picked={picked} onPick={(id) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]))} />
      </section>
    </>
  );
}

type RunRow = { id: string; scenarioName: string; version: number; status: string; progress: number; seed: number; replications: number; createdAt: Date | string; reusedFrom: string | null; error: string | null };

export function RunTable({ runs, picked, onPick }: { runs: RunRow[]; picked?: string[]; onPick?: (id: string) => void }) {
  if (runs.length === 0) return <Empty title="No run yet" />;
  return (
    <div className="table-wrap">
      <table className="data" data-testid="run-table">
        <thead><tr>{onPick && <th scope="col">Compare</th>}<th scope="col">Run</th><th scope="col">Status</th><th scope="col" className="num">Seed</th><th scope="col" className="num">Replications</th><th scope="col">Started</th></tr></thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} data-testid="run-row">
              {onPick && <td><input type="checkbox" aria-label={`compare ${r.scenarioName} v${r.version}`} checked={picked?.includes(r.id) ?? false} onChange={() => onPick(r.id)} disabled={r.status !== "succeeded"} /></td>}
              <td><Link href={`/runs/${r.id}` as Route}>{r.scenarioName} v{r.version}</Link></td>
              <td>{r.status === "running" ? `running ${(r.progress * 100).toFixed(0)}%` : r.status}{r.reusedFrom ? " (stored result reused)" : ""}{r.error ? <span className="muted">: {r.error.slice(0, 80)}</span> : null}</td>
              <td className="num">{r.seed}</td><td className="num">{r.replications}</td><td>{formatTime(r.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
