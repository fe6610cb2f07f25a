import type { ZodError } from "zod";

/** Bad input from a person or script: exit 2, one clear message on stderr, no stack trace. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** "a.b[2].c" from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out === "" ? "(top level)" : out;
}

/** One line per problem, each naming the file and the field path: `problem.json: requests[3].compute.resources.VCPU: ...`. */
export function formatZodError(source: string, error: ZodError): string {
  return error.issues.map((issue) => `${source}: ${formatPath(issue.path)}: ${issue.message}`).join("\n");
}
