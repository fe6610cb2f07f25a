"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../../_lib/trpc";

/** Who is signed in (the audit trail records this name) and a sign-out. */
export function UserMenu() {
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.users.me.queryOptions(), retry: false, staleTime: 60_000 });
  const [busy, setBusy] = useState(false);
  if (!me.data) return null;
  async function signOut() {
    setBusy(true);
    await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}", credentials: "same-origin" }).catch(() => undefined);
    window.location.assign("/sign-in");
  }
  return (
    <div className="actor-field" data-testid="user-menu">
      <span>Signed in as <strong data-testid="signed-in-user">{me.data.user}</strong> <span className="badge" data-testid="signed-in-role">{me.data.role}</span></span>
      <button type="button" className="btn btn-sm" onClick={signOut} disabled={busy}>Sign out</button>
    </div>
  );
}
