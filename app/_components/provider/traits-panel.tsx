"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { isConflict, toFormFailure, type FormFailure } from "../../_lib/form-errors";
import { useTRPC } from "../../_lib/trpc";
import { useInvalidateInventory } from "../../_lib/use-invalidate";
import { TraitTags } from "../ui/badges";
import { ChecklistEditor } from "./checklist-editor";
import type { ProviderDetail } from "./types";

export function TraitsPanel({ provider, reload, readOnly }: {
  provider: ProviderDetail;
  reload: () => Promise<ProviderDetail | undefined>;
  readOnly: boolean;
}) {
  const trpc = useTRPC();
  const invalidate = useInvalidateInventory();
  const [editing, setEditing] = useState<{ generation: number; traits: string[] } | null>(null);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const traits = useQuery({ ...trpc.traits.list.queryOptions(), enabled: editing !== null });
  const save = useMutation(trpc.providers.setTraits.mutationOptions({
    onSuccess: async () => { setEditing(null); await invalidate(); },
    onError: (error) => setFailure(toFormFailure(error)),
  }));
  const open = (p: ProviderDetail) => { setFailure(null); setEditing({ generation: p.generation, traits: p.traits }); };

  return (
    <section className="panel" aria-labelledby="traits-title">
      <div className="panel-head">
        <h2 id="traits-title">Traits</h2>
        {!readOnly && !editing && <button type="button" className="btn btn-sm" onClick={() => open(provider)}>Edit traits</button>}
      </div>
      <div className="panel-body">
        {editing ? (
          <ChecklistEditor
            key={editing.generation}
            legend="Traits of this provider"
            options={(traits.data ?? []).map((t) => ({ value: t.name, label: t.name, hint: t.description }))}
            initial={editing.traits}
            saving={save.isPending}
            failure={failure}
            fieldErrors={failure && !isConflict(failure) ? failure.fieldErrors : {}}
            onSave={(values) => save.mutate({ id: provider.id, generation: editing.generation, traits: values })}
            onCancel={() => setEditing(null)}
            onReload={() => void reload().then((fresh) => fresh && open(fresh))}
            allowCustom={{ label: "Custom trait", placeholder: "CUSTOM_NVME_GEN4" }}
          />
        ) : provider.traits.length === 0 ? (
          <span className="faint">No traits.</span>
        ) : (
          <TraitTags traits={provider.traits} />
        )}
      </div>
    </section>
  );
}
