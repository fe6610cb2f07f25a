import type { ReactNode } from "react";

/** What each state means, for the tooltip and the legend. */
export const STATE_MEANING: Record<string, string> = {
  pending: "waiting for a worker to place it",
  placing: "a worker holds it and is choosing providers",
  placed: "allocations written; provisioning comes next",
  provisioning: "the driver is creating the server, volumes and ports",
  active: "provisioned and running",
  failed: "stopped with a reason; allocations released",
  cancelled: "stopped by a person",
};

/** A request's state as a coloured pill with its word (colour is never the only signal). */
export function RequestStateBadge({ state, still }: { state: string; /** A past state (history): no pulse. */ still?: boolean }) {
  const moving = !still && (state === "placing" || state === "placed" || state === "provisioning");
  return (
    <span className={`badge rq-state rq-state-${state}`} title={STATE_MEANING[state] ?? state} data-testid="request-state" data-state={state}>
      {moving && <span className="rq-pulse" aria-hidden="true" />}
      {state}
    </span>
  );
}

/** Said wherever the simulated driver shows: nothing of this is in a real cloud. */
export function SimulatedBadge({ driver = "simulated", children }: { driver?: string | null; children?: ReactNode }) {
  if (!driver) return null;
  if (driver !== "simulated") return <span className="badge badge-kind" title="Provisioning driver">{driver}</span>;
  return (
    <span className="badge rq-simulated" data-testid="simulated-badge"
      title="The simulated driver keeps its cloud in the database: no server, volume or port exists in a real cloud.">
      <svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true"><path d="M1 9 5 1l4 8z" fill="none" stroke="currentColor" strokeWidth="1.4" /></svg>
      {children ?? "simulated driver"}
    </span>
  );
}

/** A request's priority: only non-default values stand out. */
export function PriorityTag({ priority }: { priority: number }) {
  return (
    <span className={priority > 0 ? "rq-prio rq-prio-high" : priority < 0 ? "rq-prio rq-prio-low" : "rq-prio"} title={`priority ${priority}`}>
      {priority > 0 ? `+${priority}` : priority}
    </span>
  );
}
