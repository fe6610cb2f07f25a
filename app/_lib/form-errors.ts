/**
 * Errors for forms: one map from a field's path ("total", "inventories.VCPU.total") to the message
 * shown beside that field, whether the browser found the problem (the shared zod schema) or the
 * server did (zod field errors flattened by the errorFormatter, or a domain failure naming a field).
 */
import type { z } from "zod";

export type FieldErrors = Record<string, string>;

export type FormFailure = {
  /** The tRPC error code when the server answered (CONFLICT, BAD_REQUEST, ...). */
  code?: string;
  /** A sentence for the top of the form. */
  message: string;
  fieldErrors: FieldErrors;
};

/** The first message per field path of a zod error. Issues without a path go under "". */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".");
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

type ServerErrorShape = {
  message?: unknown;
  data?: {
    code?: unknown;
    field?: unknown;
    /** Every field message under its full path ("inventories.VCPU.total"), zod's and the domain's. */
    fieldErrors?: Record<string, string[] | undefined> | null;
    zodError?: { fieldErrors?: Record<string, string[] | undefined>; formErrors?: string[] } | null;
  } | null;
};

/** Reads what a form needs out of a TRPCClientError (or any thrown value). */
export function toFormFailure(error: unknown): FormFailure {
  const shape = (error ?? {}) as ServerErrorShape;
  const data = shape.data ?? undefined;
  const message = typeof shape.message === "string" && shape.message ? shape.message : "The request failed.";
  const fieldErrors: FieldErrors = {};
  for (const [key, messages] of Object.entries(data?.fieldErrors ?? data?.zodError?.fieldErrors ?? {})) {
    const first = messages?.[0];
    if (first) fieldErrors[key] = first;
  }
  if (typeof data?.field === "string" && data.field && !(data.field in fieldErrors)) fieldErrors[data.field] = message;
  // A zod failure's own message is a JSON dump of the issues: summarise it; a domain failure's
  // message is already a sentence ("field: what is wrong"), keep it.
  const formErrors = data?.zodError?.formErrors ?? [];
  // The server writes "field: what is wrong"; the field is shown by its input, so the sentence stands alone.
  const field = typeof data?.field === "string" ? data.field : "";
  const sentence = field && message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
  const failure: FormFailure = {
    message: data?.zodError ? formErrors[0] ?? "Some fields need attention." : sentence,
    fieldErrors,
  };
  if (typeof data?.code === "string") failure.code = data.code;
  return failure;
}

export const CONFLICT_MESSAGE =
  "Someone changed this provider since you loaded it — reload to see their change. Nothing was saved.";

export function isConflict(failure: FormFailure | null | undefined): boolean {
  return failure?.code === "CONFLICT";
}

/**
 * Turns text inputs into numbers for a zod number schema: "" -> undefined (so defaults apply),
 * anything else through Number(), so "12x" becomes NaN and fails as "must be a number".
 */
export function numberOrUndefined(raw: string): number | undefined {
  const text = raw.trim().replace(/_/g, "");
  return text === "" ? undefined : Number(text);
}
