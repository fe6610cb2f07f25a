"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { toFormFailure, type FormFailure } from "../../_lib/form-errors";
import { detectFormat, SAMPLE_CSV, SAMPLE_JSON } from "../../_lib/import-format";
import { useTRPC, type RouterOutputs } from "../../_lib/trpc";
import { useInvalidateInventory } from "../../_lib/use-invalidate";
import { formatCount } from "../../_lib/units";
import { Field } from "../ui/field";
import { FormMessage } from "../ui/form-message";
import { ImportReportTable } from "./import-report";

type Report = RouterOutputs["imports"]["providers"];

/**
 * Bulk import of providers from a JSON or CSV file. All or nothing: the server checks every row and
 * writes only when all are good; the report says, per row, which field is wrong and why.
 */
export function ImportView() {
  const trpc = useTRPC();
  const invalidate = useInvalidateInventory();
  const [fileName, setFileName] = useState<string | null>(null);
  const [content, setContent] = useState("");
  const [format, setFormat] = useState<"auto" | "json" | "csv">("auto");
  const [result, setResult] = useState<{ report: Report; dryRun: boolean } | null>(null);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [contentError, setContentError] = useState<string | undefined>();
  const run = useMutation(trpc.imports.providers.mutationOptions({
    onSuccess: async (report, input) => {
      setResult({ report, dryRun: input.dryRun ?? false });
      if (report.ok && !input.dryRun) await invalidate();
    },
    onError: (error) => setFailure(toFormFailure(error)),
  }));
  const effective = format === "auto" ? detectFormat(fileName, content) : format;

  async function pick(file: File | undefined) {
    setResult(null);
    setFailure(null);
    setContentError(undefined);
    if (!file) return;
    setFileName(file.name);
    setContent(await file.text());
  }

  function submit(dryRun: boolean) {
    setResult(null);
    setFailure(null);
    if (content.trim() === "") {
      setContentError("Choose a file or paste its content first.");
      return;
    }
    run.mutate({ format: effective, content, dryRun });
  }

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Import providers</h1>
          <p>Load many providers at once from a JSON or CSV file. Every row is checked first; nothing is written unless all rows are good.</p>
        </div>
      </div>
      <div className="grid grid-main-side">
        <div className="stack">
          <form className="panel" noValidate onSubmit={(e) => { e.preventDefault(); submit(false); }} aria-labelledby="import-title">
            <div className="panel-head"><h2 id="import-title">File</h2></div>
            <div className="panel-body form">
              <FormMessage failure={failure} />
              <div className="file-drop">
                {/* The input stays in the tab order (visually hidden); its label is what shows, ringed on focus. */}
                <input id="import-file" type="file" accept=".json,.csv,application/json,text/csv" className="visually-hidden"
                  onChange={(e) => void pick(e.target.files?.[0])} />
                <label htmlFor="import-file" className="btn">Choose a JSON or CSV file…</label>
                <span>{fileName ? <>Loaded <strong>{fileName}</strong> ({formatCount(content.length)} characters)</> : "or paste the content below"}</span>
              </div>
              <Field id="import-content" name="content" label="Content" error={contentError}
                hint={`Read as ${effective.toUpperCase()}${format === "auto" ? " (detected)" : ""}.`}>
                {(c) => (
                  <textarea {...c} className="textarea" value={content} spellCheck={false}
                    onChange={(e) => { setContent(e.target.value); setFileName(null); setContentError(undefined); setResult(null); }} />
                )}
              </Field>
              <div className="form-grid" style={{ gridTemplateColumns: "200px" }}>
                <Field id="import-format" name="format" label="Format">
                  {(c) => (
                    <select {...c} className="select" value={format} onChange={(e) => setFormat(e.target.value as typeof format)}>
                      <option value="auto">Detect</option>
                      <option value="json">JSON</option>
                      <option value="csv">CSV</option>
                    </select>
                  )}
                </Field>
              </div>
              <div className="form-actions">
                <button type="button" className="btn" disabled={run.isPending} onClick={() => submit(true)}>
                  {run.isPending && run.variables?.dryRun ? "Checking…" : "Check only"}
                </button>
                <button type="submit" className="btn btn-primary" disabled={run.isPending}>
                  {run.isPending && !run.variables?.dryRun ? "Importing…" : "Import"}
                </button>
              </div>
            </div>
          </form>
          {result && <ImportReportTable report={result.report} dryRun={result.dryRun} />}
        </div>
        <ImportHelp onSample={(text, name) => { setContent(text); setFileName(name); setResult(null); setContentError(undefined); }} />
      </div>
    </>
  );
}

function ImportHelp({ onSample }: { onSample: (content: string, name: string) => void }) {
  return (
    <section className="panel" aria-labelledby="import-help-title">
      <div className="panel-head"><h2 id="import-help-title">Format</h2></div>
      <div className="panel-body stack" style={{ gap: 10, fontSize: "var(--text-sm)" }}>
        <p><strong>JSON</strong>: an array of providers, or <code>{"{ \"providers\": [...] }"}</code>. Each has <code>name</code>, <code>kind</code>,
          optional <code>parent</code> (a provider&apos;s name, existing or in the same file), <code>subtype</code>, <code>state</code>,{" "}
          <code>hardwareModelId</code>, <code>traits</code>, <code>aggregates</code> (names; missing ones are created),{" "}
          <code>attributes</code> and <code>inventories</code> keyed by resource class.</p>
        <p><strong>CSV</strong>: a header row; columns <code>name, kind, parent, subtype, state, hardwareModelId</code>, <code>traits</code> and{" "}
          <code>aggregates</code> separated by <code>;</code>, <code>attributes.&lt;key&gt;</code>, and <code>&lt;CLASS&gt;.&lt;field&gt;</code> for{" "}
          inventories, e.g. <code>VCPU.total</code>, <code>MEMORY_MB.reserved</code>, <code>VCPU.allocationRatio</code>.</p>
        <p>Memory is in MiB, disks and volumes in GiB, bandwidth in Mbit/s.</p>
        <div className="form-actions">
          <button type="button" className="btn btn-sm" onClick={() => onSample(SAMPLE_CSV, "sample.csv")}>Load CSV sample</button>
          <button type="button" className="btn btn-sm" onClick={() => onSample(SAMPLE_JSON, "sample.json")}>Load JSON sample</button>
        </div>
        <p className="muted">Imported providers appear in the <Link href="/providers">provider list</Link> and the audit trail.</p>
      </div>
    </section>
  );
}
