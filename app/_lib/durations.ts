/**
 * Times for the scheduler's pages, where seconds matter: a heartbeat 4 s ago is alive, one 90 s ago
 * is not; a request that took 1.3 s to place is news.
 */

/** "4 s ago", "3 min ago", "2 h ago", "5 d ago"; "in 12 s" for a time ahead of `now` (a lease's end). */
export function formatAgoPrecise(value: string | Date, now: Date): string {
  const date = typeof value === "string" ? new Date(value) : value;
  const ms = now.getTime() - date.getTime();
  if (!Number.isFinite(ms)) return "";
  const text = formatDuration(Math.abs(ms), { coarse: true });
  if (Math.abs(ms) < 1000) return "now";
  return ms >= 0 ? `${text} ago` : `in ${text}`;
}

/**
 * A span of time in the largest sensible unit: "850 ms", "1.3 s", "42 s", "3 min 20 s", "2 h 5 min",
 * "3 d 4 h". `coarse` drops the second unit and the decimals (for "ago").
 */
export function formatDuration(ms: number, { coarse = false }: { coarse?: boolean } = {}): string {
  if (!Number.isFinite(ms)) return "—";
  const abs = Math.max(0, ms);
  if (abs < 1000) return coarse ? "0 s" : `${Math.round(abs)} ms`;
  const seconds = abs / 1000;
  if (seconds < 10 && !coarse) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.floor(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return coarse ? `${minutes} min` : join(minutes, "min", Math.floor(seconds % 60), "s");
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return coarse ? `${hours} h` : join(hours, "h", minutes % 60, "min");
  const days = Math.floor(hours / 24);
  return coarse ? `${days} d` : join(days, "d", hours % 24, "h");
}

function join(a: number, unitA: string, b: number, unitB: string): string {
  return b === 0 ? `${a} ${unitA}` : `${a} ${unitA} ${b} ${unitB}`;
}

/** Milliseconds between two times, or null when either is missing. */
export function between(from: string | Date | null | undefined, to: string | Date | null | undefined): number | null {
  if (!from || !to) return null;
  const ms = new Date(to).getTime() - new Date(from).getTime();
  return Number.isFinite(ms) ? ms : null;
}
