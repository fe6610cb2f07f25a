import { CONFLICT_MESSAGE, isConflict, type FormFailure } from "../../_lib/form-errors";

/**
 * The message at the top of a form after a failed save. A stale write (CONFLICT) gets its own
 * wording and a reload button: the form never retries on its own, so nobody's change is overwritten.
 */
export function FormMessage({ failure, onReload }: { failure: FormFailure | null; onReload?: () => void }) {
  if (!failure) return null;
  if (isConflict(failure) && onReload) {
    return (
      <div className="callout callout-warn" role="alert" data-testid="conflict-message">
        <strong>Conflict: not saved</strong>
        {CONFLICT_MESSAGE}
        <div className="muted" style={{ fontSize: "var(--text-sm)", marginTop: 2 }}>Server said: {failure.message}</div>
        <div className="actions">
          <button type="button" className="btn btn-sm" onClick={onReload}>Reload latest</button>
        </div>
      </div>
    );
  }
  return (
    <div className="callout callout-error" role="alert" data-testid="form-error">
      <strong>{failure.code === "CONFLICT" ? "Conflict: not saved" : failure.code === "PRECONDITION_FAILED" ? "Not allowed right now" : "Not saved"}</strong>
      {failure.message}
    </div>
  );
}
