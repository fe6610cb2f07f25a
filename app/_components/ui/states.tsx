import type { ReactNode } from "react";
import { toFormFailure } from "../../_lib/form-errors";

/** A placeholder while data loads: grey blocks in the shape of what is coming. */
export function Loading({ label = "Loading…", rows = 4 }: { label?: string; rows?: number }) {
  return (
    <div role="status" aria-live="polite" aria-busy="true" style={{ padding: "var(--space-3) var(--space-4)" }}>
      <span className="visually-hidden">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton" style={{ height: 14, margin: "10px 0", width: `${90 - ((i * 17) % 40)}%` }} />
      ))}
    </div>
  );
}

/** Nothing to show; `level` is its heading's (3 in a section under an h2, 2 straight under the page's h1). */
export function Empty({ title, level = 3, children }: { title: string; level?: 2 | 3; children?: ReactNode }) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <div className="state">
      <Heading>{title}</Heading>
      {children && <div>{children}</div>}
    </div>
  );
}

/** A failed load: what failed, the server's message, and a retry button. */
export function ErrorState({ title = "Could not load this", error, onRetry }: {
  title?: string;
  error: unknown;
  onRetry?: () => void;
}) {
  // A server error carries a sentence and, for invalid input, the fields at fault; never show raw JSON.
  const failure = typeof error === "string" ? { message: error, fieldErrors: {} } : toFormFailure(error);
  const fields = Object.entries(failure.fieldErrors);
  return (
    <div className="state state-error" role="alert">
      <h3>{title}</h3>
      <p>{failure.message}</p>
      {fields.length > 0 && (
        <ul style={{ listStyle: "none", padding: 0, margin: "6px 0 0" }}>
          {fields.map(([field, message]) => <li key={field}><code>{field}</code>: {message}</li>)}
        </ul>
      )}
      {onRetry && (
        <p style={{ marginTop: "var(--space-3)" }}>
          <button type="button" className="btn btn-sm" onClick={onRetry}>Try again</button>
        </p>
      )}
    </div>
  );
}
