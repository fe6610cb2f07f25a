"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { tokenCreateInput, tokenRoleNames } from "~/server/auth/schemas";
import { numberOrUndefined, toFormFailure } from "../../_lib/form-errors";
import { formatTime } from "../../_lib/time";
import { useTRPC } from "../../_lib/trpc";
import { Field } from "../../_components/ui/field";
import { FormMessage } from "../../_components/ui/form-message";
import { AdminOnly } from "../admin-only";
import { AdminPanel, AdminTable, useAdminForm } from "../admin-ui";

const EMPTY = { name: "", role: "viewer", expiresInDays: "90" };

function state(t: { revokedAt: string | Date | null; expiresAt: string | Date }): string {
  if (t.revokedAt) return "revoked";
  return new Date(t.expiresAt).getTime() <= Date.now() ? "expired" : "active";
}

/** API tokens for scripts: made with a role and an expiry, shown once, revocable. */
export function TokensView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const refresh = () => Promise.all([
    queryClient.invalidateQueries({ queryKey: trpc.tokens.pathKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.users.audit.pathKey() }),
  ]);
  const form = useAdminForm(EMPTY);
  const { values, errors, failure, setFailure, set } = form;
  const [shown, setShown] = useState<{ name: string; token: string } | null>(null);
  const create = useMutation(trpc.tokens.create.mutationOptions({
    onSuccess: async (t) => { setShown({ name: t.name, token: t.token }); form.reset(); await refresh(); },
    onError: form.onError,
  }));
  const revoke = useMutation(trpc.tokens.revoke.mutationOptions({ onSuccess: refresh, onError: (e) => setFailure(toFormFailure(e)) }));

  function submit(e: FormEvent) {
    e.preventDefault();
    setShown(null);
    const input = form.check(tokenCreateInput, { ...values, expiresInDays: numberOrUndefined(values.expiresInDays) });
    if (input) create.mutate(input);
  }

  return (
    <AdminOnly error={tokens.error}>
      <div className="page-head"><h1>API tokens</h1></div>
      <div className="stack">
        <FormMessage failure={failure} />
        {shown && (
          <div className="callout callout-ok" role="status" data-testid="new-token">
            <strong>Token {shown.name}: copy it now, it is not shown again</strong>
            <code className="mono" data-testid="new-token-value" style={{ userSelect: "all", overflowWrap: "anywhere" }}>{shown.token}</code>
            <span className="muted">Send it as <code>Authorization: Bearer …</code>.</span>
          </div>
        )}
        <AdminTable id="tokens-title" title="Tokens" testId="tokens-table" columns={["Name", "Role", "Starts with", "Made by", "Expires", "Last used", "State"]}>
                {(tokens.data ?? []).map((t) => (
                  <tr key={t.id} data-name={t.name} data-state={state(t)}>
                    <td className="mono">{t.name}</td>
                    <td>{t.role}</td>
                    <td className="mono">{t.prefix}…</td>
                    <td>{t.createdBy}</td>
                    <td className="nowrap">{formatTime(t.expiresAt)}</td>
                    <td className="nowrap">{t.lastUsedAt ? formatTime(t.lastUsedAt) : "never"}</td>
                    <td>{state(t)}{t.revokedBy ? ` by ${t.revokedBy}` : ""}</td>
                    <td>{state(t) === "active" && (
                      <button type="button" className="btn btn-sm btn-danger" disabled={revoke.isPending}
                        onClick={() => { setFailure(null); revoke.mutate({ id: t.id }); }}>Revoke {t.name}</button>
                    )}</td>
                  </tr>
                ))}
        </AdminTable>
        <AdminPanel id="add-token-title" title="New token">
          <div className="panel-body">
            <form className="form form-grid" onSubmit={submit} noValidate data-testid="add-token-form">
              <Field id="token-name" name="name" label="Name" hint="What uses it, e.g. ci-inventory-sync" error={errors.name}>{(c) => <input {...c} className="input" value={values.name} onChange={set("name")} />}</Field>
              <Field id="token-role" name="role" label="Role" hint="Tokens act as viewer, planner or operator; never as admin." error={errors.role}>
                {(c) => <select {...c} className="input" value={values.role} onChange={set("role")}>{tokenRoleNames.map((r) => <option key={r} value={r}>{r}</option>)}</select>}
              </Field>
              <Field id="token-expiry" name="expiresInDays" label="Expires in (days)" error={errors.expiresInDays}>{(c) => <input {...c} className="input" inputMode="numeric" value={values.expiresInDays} onChange={set("expiresInDays")} />}</Field>
              <div className="form-actions"><button type="submit" className="btn btn-primary" disabled={create.isPending}>Create token</button></div>
            </form>
          </div>
        </AdminPanel>
      </div>
    </AdminOnly>
  );
}
