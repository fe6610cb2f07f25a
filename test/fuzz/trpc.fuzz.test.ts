/**
 * Every tRPC procedure fuzzed from its own zod input schema (issue 15, item 6), over the HTTP handler
 * the app serves: values derived from the schema, and per field adversarial ones (wrong types,
 * extremes, oversized and hostile strings), unknown fields, and wrong whole inputs. Required: no 500,
 * every BAD_REQUEST names the field, every other refusal says why, and the database is the same,
 * table by table and row by row, after every refused call. Procedures are found by walking the
 * router, so those added later are fuzzed without a line here.
 */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appRouter } from "../../server/api/root";
import { createTRPCContext } from "../../server/api/trpc";
import { useTestDatabase } from "../db/harness";
import { adversarialValues, arbitraryOf, fieldPaths, jsonSchemaOf, setPath } from "./arbitrary";
import { changedTables, databaseDigest } from "./digest";
import { walkProcedures } from "./walk";

const RANDOM_CASES = 8;
const MAX_FIELDS = 20;
const VALUES_PER_FIELD = 3;
const UNKNOWN = "fuzzUnknownField";
const FIELD_FIRST = /^[A-Za-z_(][\w.[\]()-]*: /;

type Answer = { status: number; body: { result?: unknown; error?: { message?: string; data?: { code?: string; fieldErrors?: Record<string, string[]>; field?: string | null } } } };

function casesFor(p: ReturnType<typeof walkProcedures>[number], seed: number): { label: string; input: unknown }[] {
  const cases: { label: string; input: unknown }[] = [];
  const wholes: unknown[] = [null, 42, "text", [], true];
  if (!p.input) {
    for (const w of [...wholes, { [UNKNOWN]: 1 }]) cases.push({ label: `input ${JSON.stringify(w)}`, input: w });
    return cases;
  }
  const schema = jsonSchemaOf(p.input);
  const valid = fc.sample(arbitraryOf(schema), { numRuns: RANDOM_CASES, seed });
  valid.forEach((v, i) => cases.push({ label: `random #${i}`, input: v }));
  const base = valid[0] ?? {};
  fieldPaths(schema).slice(0, MAX_FIELDS).forEach((path, i) => {
    for (let k = 0; k < VALUES_PER_FIELD; k++) {
      const bad = adversarialValues[(i * VALUES_PER_FIELD + k + seed) % adversarialValues.length];
      cases.push({ label: `${path.join(".")} = ${JSON.stringify(bad)?.slice(0, 40)}`, input: setPath(base, path, bad) });
    }
  });
  if (base && typeof base === "object" && !Array.isArray(base)) cases.push({ label: "unknown field", input: { ...base, [UNKNOWN]: "x" } });
  for (const w of wholes) cases.push({ label: `input ${JSON.stringify(w)}`, input: w });
  return cases;
}

describe("every procedure fuzzed from its schema (pglite)", () => {
  const t = useTestDatabase("pglite", { seed: "catalog" });

  async function send(path: string, type: string, input: unknown): Promise<Answer> {
    const url = new URL(`http://fuzz.test/api/trpc/${path}`);
    const init: RequestInit = { method: type === "query" ? "GET" : "POST", headers: { "content-type": "application/json" } };
    if (type === "query") {
      if (input !== undefined) url.searchParams.set("input", JSON.stringify(input));
    } else init.body = input === undefined ? "" : JSON.stringify(input);
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc", req: new Request(url, init), router: appRouter,
      createContext: () => createTRPCContext({ db: t.db, user: "fuzz-admin", role: "admin" }),
      onError: () => undefined,
    });
    const text = await response.text();
    let body: Answer["body"];
    try {
      body = JSON.parse(text) as Answer["body"];
    } catch {
      body = { error: { message: `not JSON: ${text.slice(0, 200)}` } };
    }
    return { status: response.status, body };
  }

  it("answers every case without a 500, naming the field of every bad input, changing nothing when it refuses", async () => {
    const procedures = walkProcedures(appRouter).filter((p) => p.type !== "subscription");
    const problems: string[] = [];
    const tally = { cases: 0, accepted: 0, refused: 0, badRequest: 0, domain: 0, fieldNamed: 0 };
    let digest = await databaseDigest(t.db);
    for (const [index, p] of procedures.entries()) {
      for (const c of casesFor(p, 1500 + index)) {
        tally.cases++;
        const { status, body } = await send(p.path, p.type, c.input);
        const where = `${p.path} [${c.label}]`;
        const after = await databaseDigest(t.db);
        const error = body.error;
        if (status >= 500 || error?.data?.code === "INTERNAL_SERVER_ERROR") {
          problems.push(`${where}: HTTP ${status} ${error?.message?.slice(0, 200) ?? ""}`);
        } else if (!error) {
          tally.accepted++;
        } else {
          tally.refused++;
          const fields = Object.keys(error.data?.fieldErrors ?? {}).filter((k) => k !== "");
          // The field is named in data.fieldErrors / data.field, or leads the message ("spec.changes.retire.0: …").
          const named = fields.length > 0 || Boolean(error.data?.field) || FIELD_FIRST.test(error.message ?? "");
          if (named) tally.fieldNamed++;
          if (error.data?.code === "BAD_REQUEST") {
            tally.badRequest++;
            if (!named) problems.push(`${where}: BAD_REQUEST names no field (${error.message?.slice(0, 160)})`);
          } else {
            tally.domain++;
            if (!error.message) problems.push(`${where}: ${error.data?.code} without a message`);
          }
          const changed = changedTables(digest, after);
          if (changed.length > 0) problems.push(`${where}: refused (${error.data?.code}) but changed ${changed.join(", ")}`);
        }
        digest = after;
      }
    }
    console.log(
      `tRPC fuzz: ${procedures.length} procedures covered (${procedures.filter((p) => p.input).length} with an input schema), ` +
      `${tally.cases} cases: ${tally.accepted} accepted, ${tally.refused} refused (${tally.badRequest} bad input, ${tally.domain} by the domain; ${tally.fieldNamed} naming a field)`,
    );
    expect(problems.slice(0, 40)).toEqual([]);
  }, 600_000);
});
