"use client";
import { createContext, useContext, type ReactNode } from "react";
import { getIn, type Path } from "../../_lib/spec-edit";
import { Field } from "../ui/field";

/** The editor's state and errors, shared by the small field components below. */
export type SpecForm = { spec: unknown; set: (path: Path, value: unknown) => void; errors: Record<string, string> };
export const SpecFormContext = createContext<SpecForm | null>(null);

function useSpecForm(): SpecForm {
  const f = useContext(SpecFormContext);
  if (!f) throw new Error("spec fields need a SpecFormContext");
  return f;
}

const key = (path: Path) => ["spec", ...path].join(".");
const domId = (path: Path) => `f-${path.join("-")}`;

/** The error of a field, or of anything beneath it that has no field of its own (e.g. a whole load). */
export function useError(path: Path): string | undefined {
  const { errors } = useSpecForm();
  return errors[key(path)];
}

export function Num({ path, label, hint, step = "any", min, placeholder }: { path: Path; label: ReactNode; hint?: ReactNode; step?: string; min?: number; placeholder?: string }) {
  const { spec, set } = useSpecForm();
  const v = getIn(spec, path);
  return (
    <Field id={domId(path)} name={key(path)} label={label} hint={hint} error={useError(path)}>
      {(c) => (
        <input {...c} className="input" type="number" step={step} min={min} placeholder={placeholder} value={typeof v === "number" && Number.isFinite(v) ? v : ""}
          onChange={(e) => set(path, e.target.value === "" ? undefined : Number(e.target.value))} />
      )}
    </Field>
  );
}

export function Text({ path, label, hint, list, placeholder }: { path: Path; label: ReactNode; hint?: ReactNode; list?: string; placeholder?: string }) {
  const { spec, set } = useSpecForm();
  const v = getIn(spec, path);
  return (
    <Field id={domId(path)} name={key(path)} label={label} hint={hint} error={useError(path)}>
      {(c) => <input {...c} className="input" list={list} placeholder={placeholder} value={typeof v === "string" ? v : ""} onChange={(e) => set(path, e.target.value === "" ? undefined : e.target.value)} />}
    </Field>
  );
}

export function Choice({ path, label, options, hint, empty }: { path: Path; label: ReactNode; options: readonly (string | { value: string; label: string })[]; hint?: ReactNode; empty?: string }) {
  const { spec, set } = useSpecForm();
  const v = getIn(spec, path);
  return (
    <Field id={domId(path)} name={key(path)} label={label} hint={hint} error={useError(path)}>
      {(c) => (
        <select {...c} className="input" value={typeof v === "string" ? v : ""} onChange={(e) => set(path, e.target.value === "" ? undefined : e.target.value)}>
          {empty !== undefined && <option value="">{empty}</option>}
          {options.map((o) => (typeof o === "string" ? <option key={o} value={o}>{o}</option> : <option key={o.value} value={o.value}>{o.label}</option>))}
        </select>
      )}
    </Field>
  );
}

/** A list section: items, an add button, a remove button per item. */
export function ListSection({ title, hint, items, onAdd, onRemove, render, addLabel, error }: {
  title: string; hint?: ReactNode; items: unknown[]; onAdd: () => void; onRemove: (i: number) => void; render: (i: number) => ReactNode; addLabel: string; error?: string;
}) {
  return (
    <fieldset className="form-section" style={{ border: 0, padding: 0, margin: "var(--space-4) 0" }} data-testid={`section-${title.toLowerCase().replace(/[^a-z]+/g, "-")}`}>
      <legend className="form-section-title">{title}</legend>
      {hint && <p className="hint">{hint}</p>}
      {error && <p className="field-error" role="alert">{error}</p>}
      {items.map((_, i) => (
        <div key={i} className="panel" style={{ padding: "var(--space-3)", marginBottom: "var(--space-3)" }} data-testid={`${title.toLowerCase().replace(/[^a-z]+/g, "-")}-item`}>
          <div className="form-grid">{render(i)}</div>
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => onRemove(i)}>Remove</button>
        </div>
      ))}
      <button type="button" className="btn btn-sm" onClick={onAdd}>{addLabel}</button>
    </fieldset>
  );
}
