"use client";
import { useId, useMemo, useState } from "react";
import type { FormFailure } from "../../_lib/form-errors";
import { FormMessage } from "../ui/form-message";

export type ChecklistOption = { value: string; label: string; hint?: string };

/**
 * Picks a set out of a long list (traits, aggregates): a filter box, checkboxes, and optionally a
 * free-text entry for values not in the list (CUSTOM_* traits).
 */
export function ChecklistEditor({ legend, options, initial, onSave, onCancel, saving, failure, onReload, fieldErrors, allowCustom }: {
  legend: string;
  options: ChecklistOption[];
  initial: readonly string[];
  onSave: (values: string[]) => void;
  onCancel: () => void;
  saving: boolean;
  failure: FormFailure | null;
  onReload: () => void;
  fieldErrors: Record<string, string>;
  allowCustom?: { label: string; placeholder: string };
}) {
  const formId = useId();
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(initial));
  const [filter, setFilter] = useState("");
  const [custom, setCustom] = useState("");
  const all = useMemo((): ChecklistOption[] => {
    const known = new Set(options.map((o) => o.value));
    return [...options, ...[...chosen].filter((v) => !known.has(v)).map((v) => ({ value: v, label: v }))];
  }, [options, chosen]);
  const shown = all.filter((o) => o.label.toLowerCase().includes(filter.trim().toLowerCase()));
  const toggle = (value: string) => setChosen((s) => {
    const next = new Set(s);
    if (next.has(value)) next.delete(value); else next.add(value);
    return next;
  });
  const ordered = [...chosen].sort();
  const errorList = Object.entries(fieldErrors).map(([path, message]) => {
    const index = Number(path.split(".").at(-1)?.replace(/\D/g, ""));
    const value = Number.isInteger(index) ? ordered[index] : undefined;
    return value ? `${value}: ${message}` : message;
  });

  return (
    <form className="form" noValidate onSubmit={(e) => { e.preventDefault(); onSave(ordered); }}>
      <FormMessage failure={failure} onReload={onReload} />
      {errorList.length > 0 && (
        <div id={`${formId}-errors`} role="alert">
          {errorList.map((m) => <p key={m} className="field-error">{m}</p>)}
        </div>
      )}
      <fieldset style={{ border: 0, padding: 0, margin: 0, display: "grid", gap: 8 }}
        aria-describedby={errorList.length > 0 ? `${formId}-errors` : undefined}>
        <legend className="visually-hidden">{legend}</legend>
        <div className="field">
          <label htmlFor={`${formId}-filter`}>Filter</label>
          <input id={`${formId}-filter`} className="input" value={filter} onChange={(e) => setFilter(e.target.value)} autoComplete="off" />
        </div>
        <div className="checkbox-list">
          {shown.length === 0 && <span className="faint">Nothing matches.</span>}
          {shown.map((o) => (
            <label key={o.value} title={o.hint}>
              <input type="checkbox" checked={chosen.has(o.value)} onChange={() => toggle(o.value)} />
              {o.label}
            </label>
          ))}
        </div>
        {allowCustom && (
          <div style={{ display: "flex", gap: 8, alignItems: "flex-end" }}>
            <div className="field" style={{ flex: 1 }}>
              <label htmlFor={`${formId}-custom`}>{allowCustom.label}</label>
              <input id={`${formId}-custom`} className="input mono" value={custom} placeholder={allowCustom.placeholder}
                onChange={(e) => setCustom(e.target.value)} autoComplete="off" />
            </div>
            <button type="button" className="btn" disabled={!custom.trim()}
              onClick={() => { setChosen((s) => new Set(s).add(custom.trim().toUpperCase())); setCustom(""); }}>Add</button>
          </div>
        )}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={saving}>{saving ? "Saving…" : `Save (${chosen.size})`}</button>
        <button type="button" className="btn" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
