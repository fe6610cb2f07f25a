import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { PlacementResultSchema } from "../../scheduler/contract";
import { verifyPlacement } from "../../scheduler/verify";

const run = promisify(execFile);
const root = path.resolve(__dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "headroom-place-"));

async function place(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("node", ["bin/headroom.mjs", "place", ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function file(name: string, content: unknown): string {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content));
  return p;
}

const problem = {
  providers: [
    { id: "h1", kind: "host", zone: "az1", inventory: { VCPU: { total: 8 }, MEMORY_MB: { total: 16384 } }, used: { VCPU: 2 } },
    { id: "h2", kind: "host", zone: "az1", inventory: { VCPU: { total: 8 }, MEMORY_MB: { total: 16384 } } },
    { id: "ceph", kind: "storage", inventory: { VOLUME_GB: { total: 1000 } } },
  ],
  requests: [
    { id: "web", count: 3, compute: { resources: { VCPU: 2, MEMORY_MB: 4096 } }, storage: [{ resources: { VOLUME_GB: 20 } }] },
    { id: "huge", compute: { resources: { VCPU: 64 } } },
  ],
};

describe("headroom place", () => {
  it.each(["auto", "glpk", "highs", "greedy"])("--json --solver %s prints only a valid result and exits 0", async (solver) => {
    const out = await place([file("ok.json", problem), "--json", "--solver", solver, "--time-limit-ms", "5000"]);
    expect(out.code).toBe(0);
    const result = PlacementResultSchema.parse(JSON.parse(out.stdout));
    expect(verifyPlacement(problem as never, result)).toEqual([]);
    expect(result.placements.map((p) => p.request).sort()).toEqual(["web#0", "web#1", "web#2"]);
    expect(result.unplaced).toEqual([{ request: "huge", code: "NO_CAPACITY", reason: expect.any(String) }]);
  });

  it("prints a table for people", async () => {
    const out = await place([file("ok.json", problem)]);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/web#0\s+h[12]\s+ceph/);
    expect(out.stdout).toContain("huge  NO_CAPACITY");
    expect(out.stdout).toMatch(/lower bound/);
  });

  it.each([
    ["unknown pinned host", { ...problem, requests: [{ ...problem.requests[1], pinnedHost: "h9" }] }, "requests[0].pinnedHost"],
    ["duplicate ids", { ...problem, requests: [problem.requests[1], problem.requests[1]] }, "requests[1].id"],
    ["negative amount", { ...problem, requests: [{ id: "x", compute: { resources: { VCPU: -2 } } }] }, "requests[0].compute.resources.VCPU"],
    ["wrong type", { ...problem, providers: [{ ...problem.providers[0], inventory: { VCPU: { total: "8" } } }] }, "providers[0].inventory.VCPU.total"],
  ])("exits 2 naming the file and field path for %s", async (_name, bad, fieldPath) => {
    const out = await place([file("bad.json", bad), "--json"]);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe("");
    expect(out.stderr).toContain(`bad.json: ${fieldPath}`);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ["not JSON", ["{oops"], "not valid JSON"],
    ["missing file", null, "cannot read"],
    ["bad solver", ["--solver", "cplex"], "--solver"],
    ["bad time limit", ["--time-limit-ms", "-5"], "--time-limit-ms"],
  ])("exits 2 for %s", async (_name, extra, message) => {
    const args = extra === null ? [path.join(dir, "nope.json")] : extra[0] === "{oops" ? [file("broken.json", "{oops")] : [file("ok.json", problem), ...extra];
    const out = await place(args);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(message);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });
});
