"use client";
import { useState, type ReactNode } from "react";
import type { z } from "zod";
import { toFormFailure, zodFieldErrors, type FieldErrors, type FormFailure } from "../_lib/form-errors";

/** A titled panel of an admin page; `id` names its heading, which labels the section. */
export function AdminPanel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={id}>
      <div className="panel-head"><h2 id={id}>{title}</h2></div>
      {children}
    </section>
  );
}

/** An admin page's list: a panel holding a table with these column headings and, last, the rows' actions. */
export function AdminTable({ id, title, testId, columns, children }: { id: string; title: string; testId: string; columns: string[]; children: ReactNode }) {
  return (
    <AdminPanel id={id} title={title}>
      <div className="table-wrap">
        <table className="data" data-testid={testId}>
          <thead><tr>{columns.map((c) => <th key={c} scope="col">{c}</th>)}<th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>{children}</tbody>
        </table>
      </div>
    </AdminPanel>
  );
}

/**
 * An admin page's create form: the values as typed, the errors beside the fields and the message
 * above the page. `check` parses before sending (the fields' errors shown and undefined when the
 * input is wrong); `onError` shows the server's refusal the same way.
 */
export function useAdminForm<V extends Record<string, string>>(empty: V) {
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<FormFailure | null>(null);
  return {
    values, errors, failure, setFailure,
    reset: () => setValues(empty),
    set: (key: keyof V) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value })),
    onError: (error: unknown) => {
      const f = toFormFailure(error);
      setFailure(f);
      setErrors(f.fieldErrors);
    },
    check<T>(schema: z.ZodType<T>, input: unknown): T | undefined {
      setFailure(null);
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        setErrors(zodFieldErrors(parsed.error));
        return undefined;
      }
      setErrors({});
      return parsed.data;
    },
  };
}
