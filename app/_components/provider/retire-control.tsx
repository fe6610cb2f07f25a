"use client";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { toFormFailure, type FormFailure } from "../../_lib/form-errors";
import { useTRPC } from "../../_lib/trpc";
import { useInvalidateInventory } from "../../_lib/use-invalidate";
import { FormMessage } from "../ui/form-message";
import type { ProviderDetail } from "./types";

/**
 * Retiring asks for a second, explicit click (Escape backs out), and says why the server refuses
 * (allocations held, live children) instead of failing quietly.
 */
export function RetireControl({ provider }: { provider: ProviderDetail }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateInventory();
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const retire = useMutation(trpc.providers.retire.mutationOptions({
    onSuccess: async () => {
      setConfirming(false);
      await invalidate();
    },
    onError: (error) => setFailure(toFormFailure(error)),
  }));

  // Escape backs out wherever the focus is (a clicked button may have been disabled meanwhile).
  useEffect(() => {
    if (!confirming) return;
    const onKey = (e: KeyboardEvent) => { if (e.key === "Escape") setConfirming(false); };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [confirming]);

  if (!confirming) {
    return (
      <button type="button" className="btn btn-danger" onClick={() => { setFailure(null); setConfirming(true); }}>
        Retire…
      </button>
    );
  }
  return (
    <div role="dialog" aria-modal="false" aria-labelledby="retire-title" className="panel popover">
      <h3 id="retire-title" style={{ marginBottom: 6 }}>Retire {provider.name}?</h3>
      <p className="muted" style={{ marginBottom: 10 }}>
        A retired provider takes no allocations and leaves the capacity figures; it stays in the history.
        Refused while it holds allocations ({provider.consumers} consumers now) or has live children.
      </p>
      <FormMessage failure={failure} />
      <div className="form-actions">
        <button type="button" className="btn btn-danger" disabled={retire.isPending} autoFocus
          onClick={() => retire.mutate({ id: provider.id, generation: provider.generation })}>
          {retire.isPending ? "Retiring…" : "Retire provider"}
        </button>
        <button type="button" className="btn" onClick={() => setConfirming(false)}>Cancel</button>
      </div>
    </div>
  );
}
