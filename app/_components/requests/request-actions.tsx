"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { toFormFailure, type FormFailure } from "../../_lib/form-errors";
import { requestActions } from "../../_lib/request-filters";
import { useTRPC } from "../../_lib/trpc";
import { FormMessage } from "../ui/form-message";
import type { RequestRow } from "./types";
import { useCanOperate } from "./use-can-operate";

type Action = "cancel" | "retry" | "delete";

const WORDS: Record<Action, { button: string; title: (name: string) => string; body: string; confirm: string; busy: string; danger: boolean }> = {
  cancel: {
    button: "Cancel…", title: (n) => `Cancel ${n}?`, confirm: "Cancel request", busy: "Cancelling…", danger: true,
    body: "It will not be placed. Allocations already written are released. The request stays in the queue as cancelled.",
  },
  retry: {
    button: "Retry", title: (n) => `Retry ${n}?`, confirm: "Retry now", busy: "Retrying…", danger: false,
    body: "A worker tries to place it again at its next claim, on the inventory as it is now, without waiting out the backoff.",
  },
  delete: {
    button: "Delete…", title: (n) => `Delete ${n}?`, confirm: "Deprovision and delete", busy: "Deleting…", danger: true,
    body: "The driver deletes its server, volumes and ports, then its allocations are freed. This cannot be undone.",
  },
};

/**
 * Cancel, retry and delete, each behind a second explicit click in a modal dialog (Escape, "Keep"
 * or a click outside backs out); the
 * server's refusal (a state that moved on meanwhile) is shown, never retried on its own.
 */
export function RequestActions({ request, compact }: { request: Pick<RequestRow, "id" | "name" | "state" | "code" | "cancelRequested" | "deleteRequested">; compact?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [confirming, setConfirming] = useState<Action | null>(null);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const canOperate = useCanOperate();
  const asked = request.cancelRequested || request.deleteRequested;
  const allowed = asked ? { cancel: false, retry: false, remove: false } : requestActions(request.state, request.code !== null);

  const settle = {
    onSuccess: async () => {
      setConfirming(null);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.requests.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.providers.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.overview.pathKey() }),
      ]);
    },
    onError: (error: unknown) => setFailure(toFormFailure(error)),
  };
  const cancel = useMutation(trpc.requests.cancel.mutationOptions(settle));
  const retry = useMutation(trpc.requests.retry.mutationOptions(settle));
  const remove = useMutation(trpc.requests.delete.mutationOptions(settle));
  const mutation = { cancel, retry, delete: remove } as const;

  const offered = (["retry", "cancel", "delete"] as const).filter((a) => (a === "delete" ? allowed.remove : allowed[a]));
  if (offered.length === 0 || canOperate !== true) return null;
  const size = compact ? "btn btn-sm" : "btn";
  const words = confirming ? WORDS[confirming] : null;
  const pending = confirming ? mutation[confirming].isPending : false;
  return (
    <div className="rq-row-actions">
      {offered.map((action) => (
        <button key={action} type="button" data-testid={`request-${action}`}
          className={`${size}${WORDS[action].danger ? " btn-danger" : ""}`}
          aria-expanded={confirming === action} aria-controls={confirming === action ? `${id}-dialog` : undefined}
          aria-label={compact ? `${WORDS[action].button.replace("…", "")} ${request.name}` : undefined}
          onClick={() => { setFailure(null); setConfirming(confirming === action ? null : action); }}>
          {WORDS[action].button}
        </button>
      ))}
      {confirming && words && (
        <ConfirmDialog id={`${id}-dialog`} labelledBy={`${id}-title`} onClose={() => setConfirming(null)}>
          <h3 id={`${id}-title`}>{words.title(request.name)}</h3>
          <p>{words.body}</p>
          <FormMessage failure={failure} />
          <div className="form-actions">
            <button type="button" className={`btn btn-sm ${words.danger ? "btn-danger" : "btn-primary"}`} autoFocus disabled={pending}
              data-testid="confirm-action" onClick={() => mutation[confirming].mutate({ id: request.id })}>
              {pending ? words.busy : words.confirm}
            </button>
            <button type="button" className="btn btn-sm" onClick={() => setConfirming(null)}>Keep</button>
          </div>
        </ConfirmDialog>
      )}
    </div>
  );
}

/**
 * A modal <dialog> (the browser's top layer: never clipped by a scrolling table, focus kept inside,
 * Escape closes it and focus goes back to the button that opened it).
 */
function ConfirmDialog({ id, labelledBy, onClose, children }: { id: string; labelledBy: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => { if (dialog?.open) dialog.close(); };
  }, []);
  return (
    <dialog ref={ref} id={id} aria-labelledby={labelledBy} className="panel rq-dialog"
      onCancel={(e) => { e.preventDefault(); onClose(); }}
      onClick={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      {children}
    </dialog>
  );
}
