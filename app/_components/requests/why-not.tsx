import { whyNot } from "../../_lib/request-filters";

/** The engine's code and its sentence, e.g. `NO_CAPACITY` no host in az1 has 64 vCPU free. */
export function WhyNot({ row, state, full }: {
  row: { code?: string | null; reason?: string | null; lastError?: string | null };
  state: string;
  /** Wrap the whole sentence (the request page) instead of one clipped line (the queue). */
  full?: boolean;
}) {
  const why = whyNot(row);
  if (!why) return null;
  // A pending request with a reason is waiting for capacity (a warning); a failed one has stopped.
  const tone = state === "failed" ? "" : " why-warn";
  return (
    <div className={`why-not${tone}`} data-testid="why-not" title={full ? undefined : why.sentence}>
      {why.code && <code>{why.code}</code>}
      <span style={full ? { whiteSpace: "normal" } : undefined}>{why.sentence}</span>
    </div>
  );
}
