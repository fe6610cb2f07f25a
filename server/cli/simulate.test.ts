import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "./main";

let dir: string;
let out: string;
let err: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "headroom-simulate-"));
  out = "";
  err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((err += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

const host = (id: string, rack: string, zone: string) => ({ id, kind: "host", zone, rack, inventory: { VCPU: { total: 16 } } });

function valid(): Record<string, unknown> {
  return {
    name: "cli",
    durationSeconds: 3600,
    providers: [host("h1", "r1", "az1"), host("h2", "r2", "az2")],
    placement: { solver: "greedy" },
    churn: [{ id: "vm", arrivalsPerHour: 30, lifetime: { kind: "fixed", value: 600 }, request: { compute: { resources: { VCPU: 1 } } } }],
    services: [{
      id: "web", request: { compute: { resources: { VCPU: 2 } } }, rpsPerInstance: 10, minInstances: 1, maxInstances: 4,
      scaling: { targetUtilization: 0.5, cooldownSeconds: 60, bootSeconds: { kind: "fixed", value: 30 } },
      load: { trace: "load.csv", column: "rps", timeColumn: "time", startAt: "2026-11-11 00:00:00" },
    }],
    failures: [{ at: 1800, target: "r1", repairSeconds: 600 }],
  };
}

function write(name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

const trace = "time,rps\n2026-11-10 23:59:00,5\n2026-11-11 00:00:00,20\n2026-11-11 00:30:00,40\n";

describe("headroom simulate", () => {
  it("prints the JSON summary alone with --json, progress on stderr", async () => {
    write("load.csv", trace);
    const file = write("s.json", valid());
    expect(await main(["simulate", file, "--json", "--seed", "3"])).toBe(0);
    const summary = JSON.parse(out);
    expect(summary).toMatchObject({ scenario: "cli", seed: 3, simulatedSeconds: 3600 });
    // 20 rps for 30 minutes, then 40 rps: 108,000 requests.
    expect(summary.services[0].offeredRequests).toBe(20 * 1800 + 40 * 1800);
    expect(summary.series).toBeUndefined();
    expect(err).toMatch(/50%/);
  });

  it("prints a readable summary without --json, and the series with --series", async () => {
    write("load.csv", trace);
    const file = write("s.json", valid());
    expect(await main(["simulate", file])).toBe(0);
    expect(out).toMatch(/placements: .* requested/);
    expect(out).toMatch(/web {2}offered 108,000/);
    out = "";
    expect(await main(["simulate", file, "--json", "--series"])).toBe(0);
    expect(JSON.parse(out).series).toHaveLength(60);
  });

  it("reads traces relative to the scenario file, not the working directory", async () => {
    const sub = path.join(dir, "scenarios");
    await import("node:fs").then((fs) => fs.mkdirSync(sub));
    write("load.csv", trace);
    const scenario = valid();
    (scenario.services as { load: { trace: string } }[])[0]!.load.trace = "../load.csv";
    const file = path.join(sub, "s.json");
    writeFileSync(file, JSON.stringify(scenario));
    expect(await main(["simulate", file, "--json"])).toBe(0);
  });

  it("--replications N runs seeds seed..seed + N - 1, one progress line each, the top level being the first run", async () => {
    write("load.csv", trace);
    const file = write("s.json", valid());
    expect(await main(["simulate", file, "--json", "--seed", "4"])).toBe(0);
    const single = JSON.parse(out);
    out = "";
    err = "";
    expect(await main(["simulate", file, "--json", "--seed", "4", "--replications", "3"])).toBe(0);
    const { replications, ...top } = JSON.parse(out);
    expect({ ...top, wallMs: 0 }).toEqual({ ...single, wallMs: 0 });
    expect(replications).toMatchObject({ runs: 3, confidence: 0.95, seeds: [4, 5, 6] });
    const web = replications.services[0];
    expect(web.id).toBe("web");
    for (const e of [replications.placements.blockingProbability, replications.hostsUsedPeak, web.droppedShare, web.peakInstances, replications.utilization.mean.VCPU]) {
      expect(e.low).toBeLessThanOrEqual(e.mean);
      expect(e.high).toBeGreaterThanOrEqual(e.mean);
    }
    expect(err).toMatch(/3 replications \(seeds 4\.\.6\)/);
    const lines = err.split("\n").filter((l) => /^ {2}run \d\/3 {2}seed \d/.test(l));
    expect(lines.map((l) => l.match(/seed (\d+)/)![1])).toEqual(["4", "5", "6"]);
    expect(err).not.toMatch(/% {2}t=/);
  });

  it("--replications overrides the scenario's runs, keeps its confidence, and the text output shows the table", async () => {
    write("load.csv", trace);
    const file = write("s.json", { ...valid(), replications: { runs: 2, confidence: 0.9 } });
    expect(await main(["simulate", file, "--json"])).toBe(0);
    expect(JSON.parse(out).replications).toMatchObject({ runs: 2, confidence: 0.9, seeds: [1, 2] });
    out = "";
    expect(await main(["simulate", file, "--replications", "4"])).toBe(0);
    expect(out).toMatch(/replications: 4 runs, seeds 1\.\.4 .*90% intervals by Student's t \(3 df/);
    expect(out).toMatch(/ {2}metric +mean +sd +90% interval/);
    expect(out).toMatch(/ {2}web: dropped share +\d+\.\d\d% +\d+\.\d\d% +-?\d+\.\d\d% \.\. +\d+\.\d\d%/);
  });

  it("--jobs 2 runs the replications on two worker threads with the same result as one at a time", async () => {
    write("load.csv", trace);
    const file = write("s.json", valid());
    expect(await main(["simulate", file, "--json", "--replications", "4"])).toBe(0);
    const one = JSON.parse(out);
    out = "";
    err = "";
    expect(await main(["simulate", file, "--json", "--replications", "4", "--jobs", "2"])).toBe(0);
    const two = JSON.parse(out);
    expect(err).toMatch(/2 replications at a time \(worker threads\)/);
    const noWall = (s: { wallMs: number; replications: { wallMs: number } }) => ({ ...s, wallMs: 0, replications: { ...s.replications, wallMs: 0 } });
    expect(noWall(two)).toEqual(noWall(one));
    expect(err.split("\n").filter((l) => /^ {2}run \d\/4/.test(l))).toHaveLength(4);
  }, 60_000);

  it.each(["0", "65", "-1", "1.5", "x"])("exits 2 for --jobs '%s', naming the flag", async (value) => {
    const file = write("s.json", valid());
    expect(await main(["simulate", file, `--jobs=${value}`])).toBe(2);
    expect(err).toMatch(/--jobs must be a whole number from 1 to 64, got '/);
    expect(out).toBe("");
  });

  it.each(["1", "0", "-3", "2.5", "abc", "1001", "", "1e3"])("exits 2 for --replications '%s', naming the flag", async (value) => {
    write("load.csv", trace);
    const file = write("s.json", valid());
    expect(await main(["simulate", file, `--replications=${value}`])).toBe(2);
    expect(err).toMatch(/--replications must be a whole number from 2 to 1000, got '/);
    expect(out).toBe("");
    err = "";
    // The separate form too; node's parseArgs refuses a value that looks like an option itself, naming the flag.
    expect(await main(["simulate", file, "--replications", value])).toBe(2);
    expect(err).toMatch(/--replications/);
    expect(out).toBe("");
  });

  const mutations: [string, (s: Record<string, any>) => void, RegExp][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
    ["min above max", (s) => { s.services[0].minInstances = 9; }, /s\.json: services\[0\]\.minInstances: minInstances \(9\) exceeds maxInstances \(4\)/],
    ["initial outside min..max", (s) => { s.services[0].initialInstances = 7; }, /services\[0\]\.initialInstances: .*outside/],
    ["a negative rate", (s) => { s.churn[0].arrivalsPerHour = -5; }, /churn\[0\]\.arrivalsPerHour/],
    ["a failure target that names nothing", (s) => { s.failures[0].target = "r9"; }, /failures\[0\]\.target: 'r9' names no provider, rack or zone/],
    ["a startAt not in the trace", (s) => { s.services[0].load.startAt = "2026-11-12 00:00:00"; }, /services\[0\]\.load\.startAt: '2026-11-12 00:00:00' is not a time in load\.csv/],
    ["a missing column", (s) => { s.services[0].load.column = "qps"; }, /services\[0\]\.load\.column: no column 'qps' in load\.csv \(columns: time, rps\)/],
    ["a missing time column", (s) => { s.services[0].load.timeColumn = "when"; }, /services\[0\]\.load\.timeColumn: no column 'when'/],
    ["a missing trace file", (s) => { s.services[0].load.trace = "nope.csv"; }, /services\[0\]\.load\.trace: cannot read trace 'nope\.csv'.*ENOENT/],
    ["a wrong type", (s) => { s.durationSeconds = "long"; }, /s\.json: durationSeconds: /],
    ["an unknown field", (s) => { s.servics = []; }, /s\.json: .*servics/],
    ["a bad distribution", (s) => { s.services[0].scaling.bootSeconds = { kind: "gamma", mean: 3 }; }, /services\[0\]\.scaling\.bootSeconds/],
    ["a target utilisation above 1", (s) => { s.services[0].scaling.targetUtilization = 1.5; }, /services\[0\]\.scaling\.targetUtilization: must be at most 1/],
    ["an unknown server group", (s) => { s.churn[0].request.serverGroup = "g"; }, /churn\[0\]\.request\.serverGroup: unknown server group 'g'/],
    ["a request zone that does not exist", (s) => { s.churn[0].request.zone = "az9"; }, /churn\[0\]\.request\.zone: no provider is in zone 'az9'/],
    ["two random-failure entries", (s) => { s.failures.push({ hostMtbfHours: 100, hostMttrHours: 1 }, { hostMtbfHours: 50, hostMttrHours: 2 }); }, /failures\[2\]: random host failures are already given by failures\[1\]/],
    ["duplicate ids", (s) => { s.churn[0].id = "web"; }, /services\[0\]\.id: id 'web' is also used by churn\[0\]/],
    ["one replication", (s) => { s.replications = { runs: 1 }; }, /s\.json: replications\.runs: must be at least 2/],
    ["a fractional replication count", (s) => { s.replications = { runs: 2.5 }; }, /s\.json: replications\.runs: must be a whole number/],
    ["a confidence of 95", (s) => { s.replications = { runs: 5, confidence: 95 }; }, /s\.json: replications\.confidence: must be between 0 and 1/],
  ];

  it.each(mutations)("exits 2 naming the file and field path for %s", async (_name, mutate, message) => {
    write("load.csv", trace);
    const scenario = valid();
    mutate(scenario);
    const file = write("s.json", scenario);
    expect(await main(["simulate", file])).toBe(2);
    expect(err).toMatch(message);
    expect(out).toBe("");
  });

  it.each([
    ["malformed JSON", "{ not json", /s\.json: not valid JSON/],
    ["a trace with a bad number", null, /load\.column: load\.csv row 2: 'many' in column 'rps' is not a non-negative number/],
  ])("exits 2 for %s", async (_name, content, message) => {
    write("load.csv", content === null ? "time,rps\n2026-11-11 00:00:00,1\n2026-11-11 00:01:00,many\n" : trace);
    const file = write("s.json", content ?? valid());
    expect(await main(["simulate", file])).toBe(2);
    expect(err).toMatch(message);
  });

  it.each([
    [["simulate"], /needs a scenario file/],
    [["simulate", "missing.json"], /cannot read missing\.json/],
    [["simulate", "x.json", "--seed", "abc"], /--seed must be a whole number/],
    [["simulate", "x.json", "--bogus"], /bogus/],
  ])("exits 2 for bad arguments %j", async (args, message) => {
    expect(await main(args)).toBe(2);
    expect(err).toMatch(message);
  });
});
