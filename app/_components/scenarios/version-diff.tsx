"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../../_lib/trpc";

const show = (v: unknown) => (v === undefined ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** What changed between two versions of the spec, field by field. */
export function DiffList({ entries }: { entries: { path: string; change: string; before?: unknown; after?: unknown }[] }) {
  if (entries.length === 0) return <p className="muted">No change in the spec.</p>;
  return (
    <table className="data" data-testid="diff-table">
      <thead><tr><th scope="col">Field</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.path}><td><code>{e.path}</code> <span className="muted">{e.change}</span></td><td>{show(e.before)}</td><td>{show(e.after)}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

export function VersionDiff({ scenarioId, versions }: { scenarioId: string; versions: number[] }) {
  const trpc = useTRPC();
  const [from, setFrom] = useState(versions[1] ?? 1);
  const [to, setTo] = useState(versions[0] ?? 1);
  const diff = useQuery(trpc.scenarios.diff.queryOptions({ from: { scenarioId, version: from }, to: { scenarioId, version: to } }));
  return (
    <div style={{ marginTop: 12 }} data-testid="version-diff">
      <h3>Diff</h3>
      <div style={{ display: "flex", gap: 8 }}>
        <select className="input" aria-label="From version" value={from} onChange={(e) => setFrom(Number(e.target.value))}>{versions.map((v) => <option key={v} value={v}>v{v}</option>)}</select>
        <span>→</span>
        <select className="input" aria-label="To version" value={to} onChange={(e) => setTo(Number(e.target.value))}>{versions.map((v) => <option key={v} value={v}>v{v}</option>)}</select>
      </div>
      {diff.data && <DiffList entries={diff.data.entries} />}
      {diff.data?.sameCompiled && <p className="hint">Both compile to the same scenario.</p>}
    </div>
  );
}
