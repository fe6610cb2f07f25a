"use client";
import { useQuery } from "@tanstack/react-query";
import type { Route } from "next";
import { useTRPC } from "../../_lib/trpc";
import { AuditTable } from "../ui/audit-table";
import { Empty, ErrorState, Loading } from "../ui/states";

/** The latest writes to the inventory, whoever made them: what an operator checks after a change window. */
export function RecentChanges({ limit = 12 }: { limit?: number }) {
  const trpc = useTRPC();
  const recent = useQuery(trpc.audit.recent.queryOptions({ limit }));
  return (
    <section className="panel" aria-labelledby="recent-title" data-testid="recent-changes">
      <div className="panel-head">
        <div>
          <h2 id="recent-title">Recent changes</h2>
          <p>The latest {limit} writes to the inventory, from the audit trail.</p>
        </div>
      </div>
      {recent.isPending ? <Loading rows={4} /> : recent.isError ? (
        <ErrorState error={recent.error} onRetry={() => void recent.refetch()} />
      ) : recent.data.length === 0 ? <Empty title="No changes recorded" /> : (
        <AuditTable
          entries={recent.data}
          href={(e) => (e.entityType === "provider" ? (`/providers/${e.entityId}` as Route) : null)}
        />
      )}
    </section>
  );
}
