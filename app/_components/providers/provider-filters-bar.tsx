"use client";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { providerKinds, providerStates } from "~/server/inventory/schemas";
import type { ProviderFilters } from "../../_lib/provider-filters";
import { useTRPC } from "../../_lib/trpc";
import { useSlashFocus } from "../../_lib/use-slash-focus";

type Patch = Partial<Omit<ProviderFilters, "page">>;

/** Filter controls; every change goes to the URL through onChange. Search applies after a pause in typing. */
export function ProviderFiltersBar({ filters, onChange, onClear, activeCount }: {
  filters: ProviderFilters;
  onChange: (patch: Patch) => void;
  onClear: () => void;
  activeCount: number;
}) {
  const trpc = useTRPC();
  const zones = useQuery(trpc.catalog.zones.queryOptions());
  const traits = useQuery(trpc.traits.list.queryOptions());
  const racks = zones.data?.find((z) => z.name === filters.zone)?.racks ?? zones.data?.flatMap((z) => z.racks) ?? [];

  const [search, setSearch] = useState(filters.search ?? "");
  const searchRef = useRef<HTMLInputElement>(null);
  useSlashFocus(searchRef);
  useEffect(() => setSearch(filters.search ?? ""), [filters.search]);
  useEffect(() => {
    if (search.trim() === (filters.search ?? "")) return;
    const timer = setTimeout(() => onChange({ search: search.trim() }), 300);
    return () => clearTimeout(timer);
  }, [search, filters.search, onChange]);

  return (
    <form className="filters" role="search" aria-label="Filter providers" onSubmit={(e) => { e.preventDefault(); onChange({ search: search.trim() }); }}>
      <div className="field grow">
        <label htmlFor="f-search">Search name</label>
        <input id="f-search" ref={searchRef} className="input" type="search" value={search} placeholder="az1-r03-h…  (press /)"
          aria-keyshortcuts="/"
          onChange={(e) => setSearch(e.target.value)} autoComplete="off" />
      </div>
      <Select id="f-kind" label="Kind" value={filters.kind} options={providerKinds.map((k) => [k, k])}
        onChange={(v) => onChange({ kind: v as ProviderFilters["kind"] })} />
      <Select id="f-state" label="State" value={filters.state} allLabel="Not retired"
        options={providerStates.map((s) => [s, s])} onChange={(v) => onChange({ state: v as ProviderFilters["state"] })} />
      <Select id="f-zone" label="Zone" value={filters.zone} options={(zones.data ?? []).map((z) => [z.name, z.name])}
        onChange={(v) => onChange({ zone: v })} />
      <Select id="f-rack" label="Rack" value={filters.rack} options={racks.map((r) => [r.name, r.name])}
        onChange={(v) => onChange({ rack: v })} />
      <Select id="f-trait" label="Trait" value={filters.trait} wide
        options={(traits.data ?? []).map((t) => [t.name, t.name])} onChange={(v) => onChange({ trait: v })} />
      <button type="button" className="btn btn-ghost" onClick={onClear} disabled={activeCount === 0}>
        Clear filters{activeCount > 0 ? ` (${activeCount})` : ""}
      </button>
    </form>
  );
}

function Select({ id, label, value, options, onChange, allLabel = "All", wide }: {
  id: string;
  label: string;
  value: string | undefined;
  options: [string, string][];
  onChange: (value: string | undefined) => void;
  allLabel?: string;
  wide?: boolean;
}) {
  // Keep a value from the URL selectable even before (or without) the option list.
  const all = value && !options.some(([v]) => v === value) ? [[value, value] as [string, string], ...options] : options;
  return (
    <div className="field" style={wide ? { width: 210 } : undefined}>
      <label htmlFor={id}>{label}</label>
      <select id={id} className="select" value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">{allLabel}</option>
        {all.map(([v, text]) => <option key={v} value={v}>{text}</option>)}
      </select>
    </div>
  );
}
