/**
 * Roles on every procedure (issue 15, item 2), found by walking the router, so procedures added
 * later are covered without a line here: each declares a known role, and every procedure x every
 * role (and nobody) gives the allowed answer or FORBIDDEN / UNAUTHORIZED, a refused call changing
 * nothing in any table.
 */
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appRouter, createCaller } from "../../server/api/root";
import { createTRPCContext, roleAtLeast, roles, type Role } from "../../server/api/trpc";
import { arbitraryOf, jsonSchemaOf } from "../fuzz/arbitrary";
import { changedTables, databaseDigest } from "../fuzz/digest";
import { walkProcedures } from "../fuzz/walk";
import { backends, rows, useTestDatabase } from "./harness";

async function maxAuditId(db: Parameters<typeof rows>[0]): Promise<number> {
  const [row] = await rows<{ id: string | number | null }>(db, sql`select max(id) as id from audit_log`);
  return Number(row?.id ?? 0);
}

const procedures = walkProcedures(appRouter);

describe("the router", () => {
  it("declares a known role on every procedure", () => {
    expect(procedures.length).toBeGreaterThan(0);
    const undeclared = procedures.filter((p) => !(roles as readonly unknown[]).includes(p.role)).map((p) => `${p.path} (meta.role: ${String(p.role)})`);
    expect(undeclared, "procedures without a declared role").toEqual([]);
    console.log(`router walk: ${procedures.length} procedures, each with a role (${roles.map((r) => `${r} ${procedures.filter((p) => p.role === r).length}`).join(", ")})`);
  });
});

/** One input per procedure that its schema accepts where it can (so an allowed call reaches the domain). */
function sampleInput(p: (typeof procedures)[number]): unknown {
  if (!p.input) return undefined;
  const [value] = fc.sample(arbitraryOf(jsonSchemaOf(p.input)), { numRuns: 1, seed: 15 });
  return value;
}

async function call(db: Parameters<typeof createTRPCContext>[0]["db"], role: Role | null, path: string, input: unknown) {
  const caller = createCaller(createTRPCContext({ db, user: `table-${role ?? "nobody"}`, role })) as unknown as Record<string, unknown>;
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
  try {
    await fn(input);
    return "ok";
  } catch (error) {
    return error instanceof TRPCError ? error.code : `thrown ${String(error)}`;
  }
}

describe.each(backends())("every procedure x every role on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "catalog" });

  it("gives the allowed answer, or FORBIDDEN / UNAUTHORIZED changing nothing", async () => {
    const wrong: string[] = [];
    let cells = 0;
    let audited = 0;
    for (const p of procedures) {
      const input = sampleInput(p);
      for (const role of [null, ...roles] as (Role | null)[]) {
        cells++;
        const allowed = roleAtLeast(role, p.role as Role);
        const before = allowed ? null : await databaseDigest(t.db);
        const lastAudit = await maxAuditId(t.db);
        const answer = await call(t.db, role, p.path, input);
        if (allowed) {
          if (answer === "UNAUTHORIZED" || answer === "FORBIDDEN") wrong.push(`${p.path} as ${role}: ${answer}, expected allowed`);
          // The audit trail names the caller on whatever the call wrote.
          const actors = await rows<{ actor: string }>(t.db, sql`select distinct actor from audit_log where id > ${lastAudit}`);
          audited += actors.length > 0 ? 1 : 0;
          for (const { actor } of actors) if (actor !== `table-${role}`) wrong.push(`${p.path} as ${role}: audited as '${actor}'`);
        } else {
          const expected = role === null ? "UNAUTHORIZED" : "FORBIDDEN";
          if (answer !== expected) wrong.push(`${p.path} as ${role ?? "nobody"}: ${answer}, expected ${expected}`);
          const changed = changedTables(before!, await databaseDigest(t.db));
          if (changed.length > 0) wrong.push(`${p.path} as ${role ?? "nobody"} was refused but changed ${changed.join(", ")}`);
        }
      }
    }
    console.log(`role table: ${procedures.length} procedures x ${roles.length + 1} callers = ${cells} cells; ${audited} allowed calls wrote audit rows, each naming the caller`);
    expect(wrong).toEqual([]);
  }, 600_000);
});
