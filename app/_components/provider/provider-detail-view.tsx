"use client";
import { useQuery } from "@tanstack/react-query";
import type { Route } from "next";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "../../_lib/trpc";
import { KindBadge, StateBadge } from "../ui/badges";
import { ErrorState, Loading } from "../ui/states";
import { AggregatesPanel } from "./aggregates-panel";
import { AuditPanel } from "./audit-panel";
import { ChildrenPanel } from "./children-panel";
import { EditProviderForm } from "./edit-provider-form";
import { GroupCapacityPanel } from "./group-capacity-panel";
import { IdentityPanel } from "./identity-panel";
import { InventoryPanel } from "./inventory-panel";
import { RetireControl } from "./retire-control";
import { TraitsPanel } from "./traits-panel";

/** One provider: identity and place in the tree, inventories with use, traits, aggregates, children, audit. */
export function ProviderDetailView({ id }: { id: string }) {
  const trpc = useTRPC();
  const provider = useQuery(trpc.providers.get.queryOptions({ id }));
  const [editing, setEditing] = useState(false);
  const reload = async () => (await provider.refetch()).data;

  if (provider.isPending) return <Loading label="Loading provider…" rows={8} />;
  if (provider.isError) {
    // A malformed id is as much "no such provider" as an unknown one.
    const notFound = provider.error.data?.code === "NOT_FOUND" || provider.error.data?.code === "BAD_REQUEST";
    return (
      <div className="panel">
        <ErrorState title={notFound ? "No such provider" : "Could not load this provider"}
          error={notFound ? `There is no provider with the id “${id}”.` : provider.error}
          onRetry={notFound ? undefined : () => void provider.refetch()} />
        <p className="state"><Link href="/providers">Back to the provider list</Link></p>
      </div>
    );
  }
  const p = provider.data;
  const retired = p.state === "retired";
  const isGrouping = p.kind === "region" || p.kind === "zone" || p.kind === "rack";
  return (
    <>
      {/* React 19 hoists this into <head>: tabs of several providers stay tellable apart. */}
      <title>{`${p.name} · Headroom`}</title>
      <div className="page-head">
        <div>
          <ol className="breadcrumbs" aria-label="Place in the tree">
            <li><Link href="/providers">Providers</Link></li>
            {p.ancestors.map((a) => (
              <li key={a.id}><Link href={`/providers/${a.id}` as Route}>{a.name}</Link></li>
            ))}
          </ol>
          <h1 style={{ display: "flex", alignItems: "center", gap: 10 }}>
            <span data-testid="provider-name">{p.name}</span>
            <KindBadge kind={p.kind} subtype={p.subtype} />
            <StateBadge state={p.state} />
          </h1>
        </div>
        {!retired && (
          <div className="page-actions">
            <button type="button" className="btn" onClick={() => setEditing((e) => !e)} aria-expanded={editing}>
              {editing ? "Close editor" : "Edit provider"}
            </button>
            <RetireControl provider={p} />
          </div>
        )}
      </div>
      {retired && (
        <div className="callout callout-warn" role="status">
          <strong>Retired</strong>This provider is kept for history; it takes no allocations and cannot be edited.
        </div>
      )}
      <div className="grid grid-main-side">
        <div className="stack">
          {editing && <EditProviderForm provider={p} onDone={() => setEditing(false)} reload={reload} />}
          {isGrouping ? <GroupCapacityPanel provider={p} /> : <InventoryPanel provider={p} reload={reload} readOnly={retired} />}
          {p.children.length > 0 && <ChildrenPanel items={p.children} />}
          <AuditPanel entries={p.audit} />
        </div>
        <div className="stack">
          <IdentityPanel provider={p} />
          <TraitsPanel provider={p} reload={reload} readOnly={retired} />
          <AggregatesPanel provider={p} reload={reload} readOnly={retired} />
        </div>
      </div>
    </>
  );
}
