"use client";
import type { ReactNode } from "react";

/** What a non-admin sees instead of an admin page (the server refuses them anyway). */
export function AdminOnly({ error, children }: { error: unknown; children: ReactNode }) {
  const code = (error as { data?: { code?: unknown } } | null)?.data?.code;
  if (code === "FORBIDDEN") {
    return <div className="callout callout-warn" role="alert" data-testid="admin-only"><strong>Admins only</strong>This page manages accounts and tokens; your role cannot.</div>;
  }
  return <>{children}</>;
}
