/**
 * `headroom request submit <requests.json> [--json]`, `request list [--state S] [--json]`,
 * `request cancel|delete|retry <id|key>` (shared/contracts/README.md, "The scheduler at work").
 * Bad input exits 2 naming the file, the field path or the id.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { openMigrated } from "../db";
import type { Outcome } from "../inventory/outcome";
import { cancelRequest, deleteRequest, retryRequest, type CommandResult } from "../requests/commands";
import { requestStatuses } from "../requests/read";
import { requestStates, submissionInput, type RequestState } from "../requests/schema";
import { submitRequests } from "../requests/submit";
import { envOrUsage } from "./db";
import { formatPath, formatZodError, UsageError } from "./errors";

const usage = [
  "usage: headroom request submit <requests.json> [--json]",
  "       headroom request list [--state S] [--json]",
  "       headroom request cancel|delete|retry <id|key>",
].join("\n");

const actor = () => `cli:${process.env.USER ?? "unknown"}`;

function args(rest: string[], options: Record<string, { type: "string" | "boolean" }>) {
  try {
    return parseArgs({ args: rest, options, allowPositionals: true });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
}

/** "requests.0.flavor" -> "requests[0].flavor" */
const dotted = (field: string) => formatPath(field.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p)));

async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openMigrated>>["db"]) => Promise<T>): Promise<T> {
  const handle = await openMigrated(envOrUsage());
  try {
    return await fn(handle.db);
  } finally {
    await handle.close();
  }
}

async function submit(rest: string[]): Promise<number> {
  const { values, positionals } = args(rest, { json: { type: "boolean" } });
  const [file, extra] = positionals;
  if (file === undefined || extra !== undefined) throw new UsageError(`submit takes one file\n${usage}`);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(`${file}: cannot read: ${error instanceof Error ? error.message : String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = submissionInput.safeParse(json);
  if (!parsed.success) throw new UsageError(formatZodError(file, parsed.error));
  const out = await withDb((db) => submitRequests(db, parsed.data, actor()));
  if (!out.ok) {
    const where = out.field ? `${dotted(out.field)}: ` : "";
    if (out.code === "BAD_REQUEST") throw new UsageError(`${file}: ${where}${out.message}`);
    throw new Error(`${file}: ${where}${out.message}`);
  }
  if (values.json) process.stdout.write(JSON.stringify(out.value) + "\n");
  else for (const r of out.value.requests) process.stdout.write(`${r.key}\t${r.id}\t${r.created ? "created" : "exists (the same request)"}\n`);
  return 0;
}

async function list(rest: string[]): Promise<number> {
  const { values, positionals } = args(rest, { json: { type: "boolean" }, state: { type: "string" } });
  if (positionals.length > 0) throw new UsageError(`list takes no file\n${usage}`);
  const state = values.state as string | undefined;
  if (state !== undefined && !(requestStates as readonly string[]).includes(state)) {
    throw new UsageError(`--state: expected one of ${requestStates.join(", ")}, got '${state}'`);
  }
  const requests = await withDb((db) => requestStatuses(db, state as RequestState | undefined));
  if (values.json) {
    process.stdout.write(JSON.stringify({ requests }) + "\n");
    return 0;
  }
  for (const r of requests) {
    process.stdout.write([r.key, r.id, r.state, r.host ?? "-", r.serverId ?? "-", `tries ${r.attempts}`, r.code ? `${r.code}: ${r.reason ?? ""}` : (r.reason ?? "")].join("\t") + "\n");
  }
  process.stderr.write(`${requests.length} request(s)\n`);
  return 0;
}

async function command(name: "cancel" | "delete" | "retry", rest: string[]): Promise<number> {
  const { positionals } = args(rest, {});
  const [ref, extra] = positionals;
  if (ref === undefined || extra !== undefined) throw new UsageError(`${name} takes one id or key\n${usage}`);
  const fn = { cancel: cancelRequest, delete: deleteRequest, retry: retryRequest }[name];
  const out: Outcome<CommandResult> = await withDb((db) => fn(db, ref, actor()));
  if (!out.ok) {
    if (out.code === "NOT_FOUND" || out.code === "PRECONDITION_FAILED" || out.code === "BAD_REQUEST") throw new UsageError(`${ref}: ${out.message}`);
    throw new Error(`${ref}: ${out.message}`);
  }
  process.stdout.write(`${out.value.key} (${out.value.id}): ${out.value.message}\n`);
  return 0;
}

export async function run(rest: string[]): Promise<number> {
  const [sub, ...more] = rest;
  if (sub === "submit") return submit(more);
  if (sub === "list") return list(more);
  if (sub === "cancel" || sub === "delete" || sub === "retry") return command(sub, more);
  throw new UsageError(sub === undefined ? usage : `unknown subcommand '${sub}'\n${usage}`);
}
