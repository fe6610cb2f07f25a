"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { roleNames, userCreateInput } from "~/server/auth/schemas";
import { toFormFailure } from "../../_lib/form-errors";
import { formatTime } from "../../_lib/time";
import { useTRPC } from "../../_lib/trpc";
import { AuditTable } from "../../_components/ui/audit-table";
import { Field } from "../../_components/ui/field";
import { FormMessage } from "../../_components/ui/form-message";
import { AdminOnly } from "../admin-only";
import { AdminPanel, AdminTable, useAdminForm } from "../admin-ui";

const EMPTY = { email: "", name: "", role: "viewer", password: "" };

/**
 * Accounts: who may sign in with which role; an admin adds, changes and removes them, and resets a
 * password (a new one made by the server, shown here once; the user's sessions end).
 */
export function UsersView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const audit = useQuery(trpc.users.audit.queryOptions());
  const me = useQuery(trpc.users.me.queryOptions());
  const refresh = () => Promise.all([
    queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() }),
  ]);
  const form = useAdminForm(EMPTY);
  const { values, errors, failure, setFailure, set } = form;
  const [notice, setNotice] = useState<string | null>(null);
  const [reset, setReset] = useState<{ email: string; password: string } | null>(null);
  const create = useMutation(trpc.users.create.mutationOptions({
    onSuccess: async (user) => { form.reset(); setNotice(`Added ${user.email} (${user.role})`); await refresh(); },
    onError: form.onError,
  }));
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSuccess: refresh, onError: (e) => setFailure(toFormFailure(e)) }));
  const remove = useMutation(trpc.users.remove.mutationOptions({ onSuccess: refresh, onError: (e) => setFailure(toFormFailure(e)) }));
  const resetPassword = useMutation(trpc.users.resetPassword.mutationOptions({ onSuccess: refresh, onError: (e) => setFailure(toFormFailure(e)) }));
  function askReset(user: { id: string; email: string }) {
    if (!window.confirm(`Reset the password of ${user.email}? Their sessions end now, and the new password is shown here once.`)) return;
    setFailure(null);
    setNotice(null);
    setReset(null);
    resetPassword.mutate({ id: user.id }, { onSuccess: (out) => setReset({ email: user.email, password: out.password }) });
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    setNotice(null);
    const input = form.check(userCreateInput, values);
    if (input) create.mutate(input);
  }

  return (
    <AdminOnly error={users.error}>
      <div className="page-head"><h1>Users</h1></div>
      <div className="stack">
        <FormMessage failure={failure} />
        {notice && <div className="callout callout-ok" role="status">{notice}</div>}
        {reset && (
          <div className="callout callout-ok" role="status" data-testid="reset-password">
            <strong>New password of {reset.email}: copy it now, it is not shown again</strong>
            <code className="mono" data-testid="reset-password-value" style={{ userSelect: "all", overflowWrap: "anywhere" }}>{reset.password}</code>
            <span className="muted">Tell it to them by a separate channel; their sessions have ended.</span>
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => setReset(null)}>Done</button>
          </div>
        )}
        <AdminTable id="users-title" title="Accounts" testId="users-table" columns={["Email", "Name", "Role", "Sign-in", "Added"]}>
                {(users.data ?? []).map((u) => (
                  <tr key={u.id} data-email={u.email}>
                    <td className="mono">{u.email}</td>
                    <td>{u.name}</td>
                    <td>
                      <select className="input" aria-label={`Role of ${u.email}`} value={u.role} disabled={setRole.isPending}
                        onChange={(e) => { setFailure(null); setRole.mutate({ id: u.id, role: e.target.value as (typeof roleNames)[number] }); }}>
                        {roleNames.map((r) => <option key={r} value={r}>{r}</option>)}
                      </select>
                    </td>
                    <td>{u.signIns.join(", ") || "—"}</td>
                    <td className="nowrap">{formatTime(u.createdAt)}</td>
                    <td className="nowrap">{u.email !== me.data?.user && (
                      <>
                        <button type="button" className="btn btn-sm" disabled={resetPassword.isPending} aria-label={`Reset the password of ${u.email}`}
                          onClick={() => askReset(u)}>Reset the password</button>{" "}
                        <button type="button" className="btn btn-sm btn-danger" disabled={remove.isPending}
                          onClick={() => { if (window.confirm(`Remove ${u.email}? Their sessions end now.`)) { setFailure(null); remove.mutate({ id: u.id }); } }}>Remove</button>
                      </>
                    )}</td>
                  </tr>
                ))}
        </AdminTable>
        <AdminPanel id="add-user-title" title="Add a user">
          <div className="panel-body">
            <form className="form form-grid" onSubmit={submit} noValidate data-testid="add-user-form">
              <Field id="user-email" name="email" label="Email" error={errors.email}>{(c) => <input {...c} className="input" type="email" value={values.email} onChange={set("email")} />}</Field>
              <Field id="user-name" name="name" label="Name" error={errors.name}>{(c) => <input {...c} className="input" value={values.name} onChange={set("name")} />}</Field>
              <Field id="user-role" name="role" label="Role" error={errors.role}>
                {(c) => <select {...c} className="input" value={values.role} onChange={set("role")}>{roleNames.map((r) => <option key={r} value={r}>{r}</option>)}</select>}
              </Field>
              <Field id="user-password" name="password" label="Initial password" hint="At least 12 characters; tell it to them by a separate channel." error={errors.password}>
                {(c) => <input {...c} className="input" type="password" autoComplete="new-password" value={values.password} onChange={set("password")} />}
              </Field>
              <div className="form-actions"><button type="submit" className="btn btn-primary" disabled={create.isPending}>Add user</button></div>
            </form>
          </div>
        </AdminPanel>
        <AdminPanel id="access-audit-title" title="Who changed access">
          <AuditTable entries={audit.data ?? []} testId="access-audit" />
        </AdminPanel>
      </div>
    </AdminOnly>
  );
}
