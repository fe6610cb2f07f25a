"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { Route } from "next";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { toFormFailure, type FormFailure } from "../../_lib/form-errors";
import { useTRPC } from "../../_lib/trpc";
import { ErrorState, Loading } from "../ui/states";
import { ScenarioEditor, type EditorValue } from "./scenario-editor";

export function NewScenarioView() {
  const trpc = useTRPC();
  const router = useRouter();
  const templateId = useSearchParams().get("template") ?? "peak-sale-evening";
  const templates = useQuery(trpc.scenarios.templates.queryOptions());
  const options = useQuery(trpc.scenarios.options.queryOptions());
  const [value, setValue] = useState<EditorValue | null>(null);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  useEffect(() => {
    const t = templates.data?.find((x) => x.id === templateId) ?? templates.data?.[0];
    if (t && value === null) setValue({ name: t.label, description: t.description, spec: t.spec });
  }, [templates.data, templateId, value]);
  const save = useMutation(trpc.scenarios.save.mutationOptions({
    onSuccess: (v) => router.push(`/scenarios/${v.scenarioId}` as Route),
    onError: (e) => setFailure(toFormFailure(e)),
  }));
  if (templates.isError || options.isError) return <ErrorState error={templates.error ?? options.error} />;
  if (!value || !options.data) return <Loading label="Loading the form…" rows={10} />;
  return (
    <>
      <div className="page-head"><div><h1>New scenario</h1><p>Saving makes version 1; every later save is a new version you can diff and run.</p></div></div>
      <section className="panel"><div className="panel-body">
        <ScenarioEditor value={value} onChange={setValue} options={options.data} saving={save.isPending} failure={failure} submitLabel="Save version 1"
          onSubmit={(v) => { setFailure(null); save.mutate({ name: v.name, description: v.description, spec: v.spec }); }} />
      </div></section>
    </>
  );
}
