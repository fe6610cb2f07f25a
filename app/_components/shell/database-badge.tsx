"use client";
import { useQuery } from "@tanstack/react-query";
import { formatCount } from "../../_lib/units";

type Health = { ok: boolean; database?: "pglite" | "postgresql"; providers?: number; reason?: string };

const DATABASE_NAMES: Record<string, string> = { pglite: "PGlite (embedded)", postgresql: "PostgreSQL" };

async function fetchHealth(): Promise<Health> {
  const response = await fetch("/api/health", { cache: "no-store" });
  const body = (await response.json().catch(() => ({ ok: false, reason: `HTTP ${response.status}` }))) as Health;
  return body;
}

/** Which database this console is looking at, from /api/health; a red dot when the app cannot serve. */
export function DatabaseBadge() {
  const health = useQuery({ queryKey: ["health"], queryFn: fetchHealth, refetchInterval: 30_000, staleTime: 10_000 });
  if (health.isPending) {
    return <span className="db-badge" aria-live="polite"><span className="dot" aria-hidden="true" />Database…</span>;
  }
  const data = health.data;
  if (health.isError || !data?.ok) {
    return (
      <span className="db-badge" role="status" title={data?.reason ?? "health check failed"}>
        <span className="dot dot-bad" aria-hidden="true" />Database unavailable
      </span>
    );
  }
  return (
    <span className="db-badge" data-testid="database-badge" title="From /api/health">
      <span className="dot dot-ok" aria-hidden="true" />
      Database <strong>{DATABASE_NAMES[data.database ?? ""] ?? data.database}</strong>
      {data.providers !== undefined && <span>· {formatCount(data.providers)} providers</span>}
    </span>
  );
}
