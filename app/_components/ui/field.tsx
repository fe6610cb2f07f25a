import type { ReactNode } from "react";

export type ControlProps = {
  id: string;
  name: string;
  "aria-invalid": boolean | undefined;
  "aria-describedby": string | undefined;
};

/**
 * A labelled form field: the label, an optional hint, and the error right below the control,
 * linked to it by aria-describedby so a screen reader reads the error with the field.
 */
export function Field({ id, name, label, hint, error, className, children }: {
  id: string;
  name?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  // While an error shows, it replaces the hint (one message under a field), so only it is referenced.
  const hintId = hint && !error ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={["field", className].filter(Boolean).join(" ")} data-field={name ?? id}>
      <label htmlFor={id}>{label}</label>
      {children({ id, name: name ?? id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {error && <p className="field-error" id={errorId} role="alert">{error}</p>}
      {hint && !error && <p className="hint" id={hintId}>{hint}</p>}
    </div>
  );
}
