import { providerStates } from "~/server/inventory/schemas";
import { Field } from "../ui/field";

/** The states a person may set by hand; retiring is its own action. */
const EDITABLE_STATES = providerStates.filter((s) => s !== "retired");

type Change = (event: { target: { value: string } }) => void;

/** A provider's state, the same field in the create and edit forms. */
export function ProviderStateField({ id, value, onChange, error }: { id: string; value: string; onChange: Change; error: string | undefined }) {
  return (
    <Field id={id} name="state" label="State" error={error} hint="Maintenance and disabled keep allocations, take no new ones">
      {(c) => (
        <select {...c} className="select" value={value} onChange={onChange}>
          {EDITABLE_STATES.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      )}
    </Field>
  );
}

/**
 * A host's hardware model, the same field in the create and edit forms. A model the catalogue no
 * longer lists (or has not loaded yet) stays selectable, so opening a form never changes it.
 */
export function HardwareModelField({ id, value, onChange, error, hint, models }: {
  id: string;
  value: string;
  onChange: Change;
  error: string | undefined;
  hint?: string;
  models: readonly { id: string; vendor: string }[] | undefined;
}) {
  const list = models ?? [];
  return (
    <Field id={id} name="hardwareModelId" label="Hardware model" error={error} {...(hint !== undefined && { hint })}>
      {(c) => (
        <select {...c} className="select" value={value} onChange={onChange}>
          <option value="">none</option>
          {list.map((m) => <option key={m.id} value={m.id}>{m.id} — {m.vendor}</option>)}
          {value && !list.some((m) => m.id === value) && <option value={value}>{value}</option>}
        </select>
      )}
    </Field>
  );
}
