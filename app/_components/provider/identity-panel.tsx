import type { Route } from "next";
import Link from "next/link";
import { formatCount } from "../../_lib/units";
import { formatTime } from "../../_lib/time";
import type { ProviderDetail } from "./types";

export function IdentityPanel({ provider: p }: { provider: ProviderDetail }) {
  const attributes = Object.entries(p.attributes ?? {});
  return (
    <section className="panel" aria-labelledby="identity-title">
      <div className="panel-head"><h2 id="identity-title">Identity</h2></div>
      <div className="panel-body">
        <dl className="kv">
          <dt>ID</dt><dd className="mono" style={{ fontSize: 11 }}>{p.id}</dd>
          <dt>Kind</dt><dd>{p.kind}{p.subtype ? ` · ${p.subtype}` : ""}</dd>
          <dt>Parent</dt>
          <dd>{p.parent ? <Link href={`/providers/${p.parent.id}` as Route}>{p.parent.name}</Link> : <span className="faint">none (root)</span>}</dd>
          <dt>Tree path</dt>
          <dd data-testid="tree-path">{[...p.ancestors.map((a) => a.name), p.name].join(" › ")}</dd>
          <dt>Zone</dt><dd>{p.zone ?? <span className="faint">—</span>}</dd>
          <dt>Rack</dt><dd>{p.rack ?? <span className="faint">—</span>}</dd>
          <dt>Hardware</dt><dd>{p.hardwareModel ?? <span className="faint">—</span>}</dd>
          <dt>Consumers</dt><dd>{formatCount(p.consumers)}</dd>
          <dt>Generation</dt><dd className="mono" data-testid="generation">{p.generation}</dd>
          <dt>Created</dt><dd>{formatTime(p.createdAt)}</dd>
          <dt>Updated</dt><dd>{formatTime(p.updatedAt)}</dd>
          {p.retiredAt && <><dt>Retired</dt><dd>{formatTime(p.retiredAt)}</dd></>}
          {attributes.map(([key, value]) => (
            <FragmentKV key={key} k={key} v={String(value)} />
          ))}
        </dl>
      </div>
    </section>
  );
}

function FragmentKV({ k, v }: { k: string; v: string }) {
  return <><dt className="mono" style={{ fontSize: 11 }}>{k}</dt><dd className="mono" style={{ fontSize: 12 }}>{v}</dd></>;
}
