"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { parseMinPriority, type RequestFilters, requestStates } from "../../_lib/request-filters";
import { Field } from "../ui/field";
import { useSlashFocus } from "../../_lib/use-slash-focus";

type Patch = Partial<Omit<RequestFilters, "page">>;

/**
 * The queue's filter controls; every change goes to the URL. Text applies after a pause in typing;
 * a minimum priority that is not a whole number from -1000 to 1000 is shown as an error beside its
 * field and not applied.
 */
export function RequestFiltersBar({ filters, onChange, onClear, activeCount, projects }: {
  filters: RequestFilters;
  onChange: (patch: Patch) => void;
  onClear: () => void;
  activeCount: number;
  /** Projects to offer in the project box (a datalist: any text still filters). */
  projects: readonly string[];
}) {
  const [search, setSearch] = useState(filters.search ?? "");
  const [project, setProject] = useState(filters.project ?? "");
  const [minPriority, setMinPriority] = useState(filters.minPriority === undefined ? "" : String(filters.minPriority));
  const priority = parseMinPriority(minPriority);
  const searchRef = useRef<HTMLInputElement>(null);

  useSlashFocus(searchRef);

  useEffect(() => setSearch(filters.search ?? ""), [filters.search]);
  useEffect(() => setProject(filters.project ?? ""), [filters.project]);
  useEffect(() => setMinPriority((text) => parseMinPriority(text).value === filters.minPriority ? text : filters.minPriority === undefined ? "" : String(filters.minPriority)), [filters.minPriority]);
  const typed = useCallback((): Patch | null => {
    const checked = parseMinPriority(minPriority);
    if (checked.error) return null;
    return { search: search.trim(), project: project.trim(), minPriority: checked.value };
  }, [search, project, minPriority]);
  useEffect(() => {
    const patch = typed();
    if (patch === null) return;
    if (patch.search === (filters.search ?? "") && patch.project === (filters.project ?? "") && patch.minPriority === filters.minPriority) return;
    const timer = setTimeout(() => onChange(patch), 300);
    return () => clearTimeout(timer);
  }, [typed, filters.search, filters.project, filters.minPriority, onChange]);

  return (
    <form className="filters" role="search" aria-label="Filter requests"
      onSubmit={(e) => { e.preventDefault(); const patch = typed(); if (patch) onChange(patch); }}>
      <div className="field grow">
        <label htmlFor="rq-search">Search name, key or id</label>
        <input id="rq-search" ref={searchRef} className="input" type="search" value={search} placeholder="web-…  (press /)"
          aria-keyshortcuts="/" autoComplete="off" onChange={(e) => setSearch(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="rq-state">State</label>
        <select id="rq-state" className="select" value={filters.state ?? ""}
          onChange={(e) => onChange({ state: (e.target.value || undefined) as RequestFilters["state"] })}>
          <option value="">All</option>
          {requestStates.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </div>
      <div className="field" style={{ width: 170 }}>
        <label htmlFor="rq-project">Project</label>
        <input id="rq-project" className="input" value={project} list="rq-projects" autoComplete="off"
          onChange={(e) => setProject(e.target.value)} />
        <datalist id="rq-projects">{projects.map((p) => <option key={p} value={p} />)}</datalist>
      </div>
      <Field id="rq-min-priority" name="minPriority" label="Min priority" error={priority.error} className="rq-min-priority">
        {(c) => <input {...c} className="input num" inputMode="numeric" value={minPriority} placeholder="-1000…1000"
          autoComplete="off" style={{ width: 110 }} onChange={(e) => setMinPriority(e.target.value)} />}
      </Field>
      <label className="rq-check" title="Pending or failed with the engine's code: what the cloud has no room for">
        <input type="checkbox" checked={filters.waiting === true} onChange={(e) => onChange({ waiting: e.target.checked ? true : undefined })} />
        Only not placeable
      </label>
      <button type="button" className="btn btn-ghost" onClick={onClear} disabled={activeCount === 0}>
        Clear filters{activeCount > 0 ? ` (${activeCount})` : ""}
      </button>
    </form>
  );
}
