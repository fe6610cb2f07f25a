import { formatTime } from "../../_lib/time";
import { RequestStateBadge } from "./request-badges";
import { WhyNot } from "./why-not";

export type TimelineEvent = {
  at: string | Date;
  fromState: string | null;
  toState: string;
  actor: string;
  reason: string;
  code?: string | null;
};

/** A request's life, oldest first: each transition with when, who, and why. */
export function RequestTimeline({ events, testId = "request-history" }: { events: readonly TimelineEvent[]; testId?: string }) {
  if (events.length === 0) return <p className="muted" style={{ padding: "var(--space-2) 0" }}>No transitions recorded yet.</p>;
  return (
    <ol className="timeline" data-testid={testId} aria-label="State history, oldest first">
      {events.map((e, i) => (
        <li key={`${String(e.at)}-${i}`} data-to={e.toState} data-testid="history-event">
          <time className="tl-when mono" dateTime={new Date(e.at).toISOString()}>{formatTime(e.at).replace(" UTC", "")}</time>
          <div className="tl-what">
            {e.fromState && e.fromState !== e.toState && <><RequestStateBadge state={e.fromState} still /><span className="tl-arrow" aria-label="to">→</span></>}
            <RequestStateBadge state={e.toState} still />
            <span className="tl-who" title="who made this transition">{e.actor}</span>
            {(e.reason || e.code) && (
              <div className="tl-why"><WhyNot row={{ code: e.code ?? null, reason: e.reason }} state={e.toState} full /></div>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}
