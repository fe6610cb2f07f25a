"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { isConflict, toFormFailure, type FormFailure } from "../../_lib/form-errors";
import { useTRPC } from "../../_lib/trpc";
import { useInvalidateInventory } from "../../_lib/use-invalidate";
import { ChecklistEditor } from "./checklist-editor";
import type { ProviderDetail } from "./types";

const KIND_LABELS: Record<string, string> = {
  availability_zone: "AZ", reachability: "reach", host_aggregate: "aggregate",
};

export function AggregatesPanel({ provider, reload, readOnly }: {
  provider: ProviderDetail;
  reload: () => Promise<ProviderDetail | undefined>;
  readOnly: boolean;
}) {
  const trpc = useTRPC();
  const invalidate = useInvalidateInventory();
  const [editing, setEditing] = useState<{ generation: number; ids: string[] } | null>(null);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const aggregates = useQuery({ ...trpc.aggregates.list.queryOptions(), enabled: editing !== null });
  const save = useMutation(trpc.providers.setAggregates.mutationOptions({
    onSuccess: async () => { setEditing(null); await invalidate(); },
    onError: (error) => setFailure(toFormFailure(error)),
  }));
  const open = (p: ProviderDetail) => { setFailure(null); setEditing({ generation: p.generation, ids: p.aggregates.map((a) => a.id) }); };

  return (
    <section className="panel" aria-labelledby="aggregates-title">
      <div className="panel-head">
        <div>
          <h2 id="aggregates-title">Aggregates</h2>
          <p>Availability zone and what storage and networks it reaches.</p>
        </div>
        {!readOnly && !editing && <button type="button" className="btn btn-sm" onClick={() => open(provider)}>Edit</button>}
      </div>
      <div className="panel-body">
        {editing ? (
          <ChecklistEditor
            key={editing.generation}
            legend="Aggregates of this provider"
            options={(aggregates.data ?? []).map((a) => ({ value: a.id, label: `${a.name} (${KIND_LABELS[a.kind] ?? a.kind})`, hint: `${a.providers} providers` }))}
            initial={editing.ids}
            saving={save.isPending}
            failure={failure}
            fieldErrors={failure && !isConflict(failure) ? failure.fieldErrors : {}}
            onSave={(values) => save.mutate({ id: provider.id, generation: editing.generation, aggregateIds: values })}
            onCancel={() => setEditing(null)}
            onReload={() => void reload().then((fresh) => fresh && open(fresh))}
          />
        ) : provider.aggregates.length === 0 ? (
          <span className="faint">Member of no aggregate.</span>
        ) : (
          <ul style={{ listStyle: "none", margin: 0, padding: 0, display: "grid", gap: 4 }}>
            {provider.aggregates.map((a) => (
              <li key={a.id} style={{ display: "flex", justifyContent: "space-between", gap: 8 }}>
                <span className="mono">{a.name}</span>
                <span className="badge badge-kind">{KIND_LABELS[a.kind] ?? a.kind}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
