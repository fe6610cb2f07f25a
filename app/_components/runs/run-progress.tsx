"use client";
import { clock } from "../../_lib/run-series";

/** How far a run is: a bar of simulated time reached, and an estimate of the time left from the pace so far. */
export function RunProgress({ status, progress, simulatedSeconds, durationSeconds, replications, startedAt, now }: {
  status: string; progress: number; simulatedSeconds: number; durationSeconds: number; replications: number; startedAt: Date | string | null; now: number;
}) {
  const pct = Math.round(progress * 1000) / 10;
  const elapsed = startedAt ? Math.max(0, now - new Date(startedAt).getTime()) : 0;
  const left = progress > 0.01 && elapsed > 0 ? (elapsed / progress) * (1 - progress) : null;
  const run = replications > 1 ? Math.min(replications, Math.floor(progress * replications) + 1) : null;
  return (
    <div data-testid="run-progress">
      <div className="usage-track" style={{ height: 14, borderRadius: 7, overflow: "hidden", background: "var(--bar-track)" }}
        role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label="Simulated time reached">
        <div style={{ width: `${pct}%`, height: "100%", background: "var(--bar-used)", transition: "width 0.3s" }} />
      </div>
      <p className="muted" style={{ marginTop: 6 }}>
        {status === "queued" ? "Queued: waiting for a job worker…" : (
          <>
            <strong>{pct.toFixed(1)}%</strong> · simulated time {clock(simulatedSeconds)} of {durationSeconds % 3600 === 0 ? `${durationSeconds / 3600} h` : clock(durationSeconds)}
            {run !== null && <> · replication {run} of {replications}</>}
            {" · "}{(elapsed / 1000).toFixed(1)} s elapsed
            {left !== null && <> · about {(left / 1000).toFixed(left < 10_000 ? 1 : 0)} s left</>}
          </>
        )}
      </p>
    </div>
  );
}
