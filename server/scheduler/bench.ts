/**
 * `headroom bench scheduler` (the soak of issue #10, item 6): on a fresh database of the configured
 * PostgreSQL, the demo data centre grown to fit the workload; N real `headroom worker` processes;
 * requests of mixed flavors with volumes, ports and server groups submitted as fast as the queue
 * takes them (at most `backlog` waiting); K kill -9 of a random worker at random moments (each
 * restarted under its name); a share P of the simulated driver's calls faulty; optionally one
 * PostgreSQL restart mid-run. Then the four zeros, checked in SQL (server/scheduler/invariants.ts),
 * throughput and submit-to-active percentiles: the contract's SchedulerBench.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase, type Db, type DbHandle } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { rowsOf } from "../db/rows";
import { seedDatabase } from "../db/seed";
import type { SubmittedRequest } from "../requests/schema";
import { submitRequests } from "../requests/submit";
import { checkInvariants, type Invariants } from "./invariants";
import { seededRandom } from "../../scheduler/random";

export type SchedulerBench = {
  workers: number; requests: number; faults: number; kills: number;
  wallMs: number; requestsPerSecond: number; submitToActiveMs: { p50: number; p99: number };
  overCommitted: number; lost: number; duplicateServers: number; orphanAllocations: number;
  byState: Record<string, number>;
  /** Additive fields: placements written per second (placed_at), PostgreSQL restarts, cloud resources left for requests not active, workers that died on their own (restarted), lease takeovers, conflicts re-planned. */
  placedPerSecond?: number; pgRestarts?: number; leakedResources?: number; workerCrashes?: number; takeovers?: number; conflicts?: number; submitMs?: number;
};

export type BenchOptions = {
  url: string;
  workers: number;
  requests: number;
  faults: number;
  kills: number;
  pgRestart?: boolean;
  seed?: number;
  /** Most requests waiting (pending) at once while submitting. */
  backlog?: number;
  /** Give up when nothing ends for this long. */
  stallMs?: number;
  keep?: boolean;
  log?: (line: string) => void;
  /** The project root (where bin/headroom.mjs is). */
  root?: string;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The workload: mixed flavors, a port each, a volume for a third, a tenth in server groups; priorities 0, 10, 50. */
export function workload(n: number, seed: number, groups: string[]): SubmittedRequest[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const flavors = ["m1.small", "m1.small", "m1.medium", "m1.medium", "m1.large", "r5.large", "c5.large"] as const;
  const out: SubmittedRequest[] = [];
  for (let i = 0; i < n; i++) {
    const withVolume = rnd() < 0.33;
    const group = groups.length > 0 && rnd() < 0.1 ? pick(groups) : undefined;
    out.push({
      key: `bench-${i}`, project: "bench", flavor: pick(flavors),
      network: [{ resources: { IPV4_ADDRESS: 1 } }],
      ...(withVolume && { storage: [{ resources: { VOLUME_GB: 10 * (1 + Math.floor(rnd() * 10)) }, volumeType: pick(["ssd", "hdd"] as const) }] }),
      ...(group !== undefined && { serverGroup: group }),
      priority: pick([0, 0, 0, 10, 50] as const),
    });
  }
  return out;
}

/**
 * Grows the demo inventory so the workload fits with room to spare: every class of host, storage
 * and network providers gets `factor` times its total (allocations untouched), the same for all.
 */
async function growToFit(db: Db, requests: number, log: (l: string) => void): Promise<void> {
  const [row] = await rowsOf<{ hosts: number; vcpu: number; free_ip: number; free_vol: number }>(db, sql`
    select (select count(*)::int from resource_providers where kind = 'host' and state = 'active') as hosts,
      (select coalesce(sum((i.total - i.reserved) * i.allocation_ratio), 0)::float8 from inventories i join resource_providers p on p.id = i.provider_id
        where p.kind = 'host' and p.state = 'active' and i.resource_class = 'VCPU') as vcpu,
      (select coalesce(sum(i.total - i.reserved), 0)::float8 from inventories i where i.resource_class = 'IPV4_ADDRESS') as free_ip,
      (select coalesce(sum(i.total - i.reserved), 0)::float8 from inventories i where i.resource_class = 'VOLUME_GB') as free_vol`);
  // About 2 VCPU, 1 address and 20 GB of volume per request on average; a factor so each class has twice that.
  const need = Math.max(2 * requests * 2 / Math.max(1, row!.vcpu), 2 * requests / Math.max(1, row!.free_ip), 2 * requests * 20 / Math.max(1, row!.free_vol));
  const factor = Math.max(1, Math.ceil(need + 1));
  await db.execute(sql`update inventories i set total = i.total * ${factor}, max_unit = greatest(i.max_unit, i.total * ${factor})
    from resource_providers p where p.id = i.provider_id and p.kind in ('host', 'storage', 'network')
      and i.resource_class not in ('FLOATING_IP')`);
  log(`bench: grew the demo inventory ${factor}x (${row!.hosts} hosts) to fit ${requests} requests`);
}

async function benchGroups(db: Db): Promise<string[]> {
  const names: string[] = [];
  for (let g = 0; g < 20; g++) {
    const policy = g % 4 === 0 ? "anti-affinity" : "soft-anti-affinity";
    await db.execute(sql`insert into server_groups (name, project_id, policy, scope) values (${`bench-g${g}`}, 'bench', ${policy}, 'host') on conflict do nothing`);
    names.push(`bench/bench-g${g}`);
  }
  return names;
}

type Child = { name: string; proc: ChildProcess; exited: Promise<number | null> };

function spawnWorker(root: string, name: string, url: string, faults: number, seed: number, log: (l: string) => void): Child {
  const proc = spawn(process.execPath, [path.join(root, "bin/headroom.mjs"), "worker", "--name", name, "--no-jobs"], {
    cwd: root,
    env: {
      ...process.env, DATABASE_URL: url, HEADROOM_SIM_FAULTS: String(faults), HEADROOM_SIM_SEED: String(seed),
      HEADROOM_SIM_CALL_MS: "1,10", HEADROOM_SIM_BOOT_MS: "50,500", HEADROOM_SIM_SLOW_MS: "400", HEADROOM_SIM_TIMEOUT_MS: "400",
      HEADROOM_SCHEDULER_LEASE_MS: "6000", HEADROOM_SCHEDULER_HEARTBEAT_MS: "1500",
      HEADROOM_RETRY_MAX_ATTEMPTS: "4", HEADROOM_RETRY_BASE_MS: "500", HEADROOM_RETRY_MAX_MS: "4000",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let tail = "";
  proc.stderr?.on("data", (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => {
    if (code !== null && code !== 0) log(`bench: worker ${name} exited ${code}: ${tail.split("\n").slice(-12).join(" | ")}`);
    resolve(code);
  }));
  return { name, proc, exited };
}

/** The installed PostgreSQL cluster's version (Debian's /etc/postgresql/<version>), for pg_ctlcluster. */
function postgresVersion(): string {
  try {
    return readdirSync("/etc/postgresql").filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a))[0] ?? "15";
  } catch {
    return "15";
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

async function createBenchDatabase(url: string): Promise<{ handle: DbHandle; url: string; drop: () => Promise<void> }> {
  const name = `headroom_bench_${process.pid}_${randomUUID().replaceAll("-", "").slice(0, 8)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const handle = await openDatabase({ kind: "postgresql", url: u.toString(), max: 4 });
  await migrateDatabase(handle, u.toString());
  return {
    handle, url: u.toString(),
    drop: async () => {
      await handle.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end({ timeout: 5 });
    },
  };
}

async function counts(db: Db): Promise<Record<string, number>> {
  const rows = await rowsOf<{ state: string; n: number }>(db, sql`select state::text as state, count(*)::int as n from placement_requests group by 1`);
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

export async function runSchedulerBench(options: BenchOptions): Promise<SchedulerBench> {
  const log = options.log ?? (() => undefined);
  const root = options.root ?? process.cwd();
  const rnd = seededRandom(options.seed ?? 1);
  const backlog = options.backlog ?? Math.max(500, options.workers * 400);
  const stallMs = options.stallMs ?? 120_000;
  const bench = await createBenchDatabase(options.url);
  const db = bench.handle.db;
  const children = new Map<string, Child>();
  let pgRestarts = 0;
  try {
    await seedDatabase(db, { history: false });
    await growToFit(db, options.requests, log);
    const groups = await benchGroups(db);
    await db.execute(sql`analyze`);
    const all = workload(options.requests, options.seed ?? 1, groups);
    const initial = Object.values(await counts(db)).reduce((a, b) => a + b, 0);
    const total = initial + options.requests;

    for (let w = 0; w < options.workers; w++) {
      const name = `bench-w${w + 1}`;
      children.set(name, spawnWorker(root, name, bench.url, options.faults, w + 1, log));
    }
    // The kills (and the PostgreSQL restart) at random moments of the run: fractions of the requests ended.
    const killAt = Array.from({ length: options.kills }, () => 0.05 + 0.85 * rnd()).sort((a, b) => a - b);
    let pgAt = options.pgRestart ? 0.3 + 0.4 * rnd() : Infinity;
    let kills = 0;
    let crashes = 0;
    const t0 = performance.now();
    let submitted = 0;
    let submitMs = 0;
    let lastEnded = -1;
    let lastChange = performance.now();
    let lastLog = 0;
    let loggedEnded = 0;
    for (;;) {
      const c = await counts(db).catch(() => null);
      if (c === null) {
        await sleep(500);
        continue;
      }
      const pending = c.pending ?? 0;
      if (submitted < all.length && pending < backlog) {
        const chunk = all.slice(submitted, submitted + Math.min(1000, backlog - pending));
        const s0 = performance.now();
        const out = await submitRequests(db, { requests: chunk }, "bench").catch((e: unknown) => ({ ok: false as const, message: String(e) }));
        if (out.ok) {
          submitted += chunk.length;
          submitMs += performance.now() - s0;
        } else log(`bench: a submit failed (${out.message}); trying again`);
      }
      const ended = (c.active ?? 0) + (c.failed ?? 0) + (c.cancelled ?? 0);
      const progress = ended / total;
      if (ended !== lastEnded) {
        lastEnded = ended;
        lastChange = performance.now();
      }
      while (kills < killAt.length && progress >= killAt[kills]!) {
        const names = [...children.keys()];
        const victim = names[Math.floor(rnd() * names.length)]!;
        const child = children.get(victim)!;
        child.proc.kill("SIGKILL");
        await child.exited;
        kills += 1;
        log(`bench: kill -9 ${victim} (${kills}/${options.kills}) at ${(progress * 100).toFixed(1)}%; restarting it`);
        children.set(victim, spawnWorker(root, victim, bench.url, options.faults, 100 + kills, log));
      }
      // A worker that died on its own (not one of the kills) is restarted too, as a supervisor would.
      for (const [name, child] of children) {
        if (child.proc.exitCode !== null || child.proc.signalCode !== null) {
          crashes += 1;
          log(`bench: worker ${name} died on its own; restarting it`);
          children.set(name, spawnWorker(root, name, bench.url, options.faults, 1000 + crashes, log));
        }
      }
      if (progress >= pgAt) {
        pgAt = Infinity;
        log(`bench: restarting PostgreSQL at ${(progress * 100).toFixed(1)}%`);
        const r = spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", postgresVersion(), "main", "restart"], { encoding: "utf8" });
        if (r.status === 0) pgRestarts += 1;
        else log(`bench: the PostgreSQL restart failed: ${r.stderr || r.error?.message}`);
      }
      if (submitted >= all.length && ended >= total) break;
      if (performance.now() - lastChange > stallMs) {
        log(`bench: nothing ended for ${stallMs / 1000} s; stopping with ${total - ended} not ended`);
        break;
      }
      if (performance.now() - lastLog > 5000) {
        const now = performance.now();
        const rate = lastLog === 0 ? 0 : (ended - loggedEnded) / ((now - lastLog) / 1000);
        lastLog = now;
        loggedEnded = ended;
        log(`bench: ${((now - t0) / 1000).toFixed(0)} s: ${submitted}/${all.length} submitted, ${ended}/${total} ended (${rate.toFixed(1)}/s lately), `
          + `kills ${kills}/${options.kills}, PostgreSQL restarts ${pgRestarts}; ${JSON.stringify(c)}`);
      }
      await sleep(250);
    }
    const wallMs = performance.now() - t0;
    for (const child of children.values()) child.proc.kill("SIGTERM");
    await Promise.race([Promise.all([...children.values()].map((c) => c.exited)), sleep(20_000)]);
    for (const child of children.values()) child.proc.kill("SIGKILL");

    const inv: Invariants = await checkInvariants(db);
    const byState = await counts(db);
    const [lat] = await rowsOf<{ xs: number[] | string | null }>(db, sql`select array_agg(extract(epoch from active_at - created_at) * 1000 order by 1) as xs
      from placement_requests where state = 'active' and active_at is not null and project_id = 'bench'`);
    const xsRaw = lat?.xs ?? [];
    const xs = (typeof xsRaw === "string" ? xsRaw.replace(/[{}]/g, "").split(",").filter(Boolean).map(Number) : xsRaw.map(Number)).sort((a, b) => a - b);
    const [span] = await rowsOf<{ placed: number; seconds: number | null }>(db, sql`select count(*)::int as placed,
      extract(epoch from max(placed_at) - min(created_at))::float8 as seconds from placement_requests where project_id = 'bench' and placed_at is not null`);
    const [ev] = await rowsOf<{ takeovers: number }>(db, sql`select count(*)::int as takeovers from placement_request_events where reason like 'taken over from%'`);
    // Beyond the four zeros: what the simulated cloud still holds (not deleted) for a request that is not active.
    const [leak] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from simulated_resources s
      where s.state <> 'gone' and not exists (select 1 from placement_requests r where r.idempotency_key = split_part(s.key, '/', 1) and r.state = 'active')`);
    const [wk] = await rowsOf<{ conflicts: number }>(db, sql`select coalesce(sum(conflicts_total), 0)::int as conflicts from scheduler_workers`);
    const activeBench = xs.length;
    return {
      workers: options.workers, requests: options.requests, faults: options.faults, kills,
      wallMs: Math.round(wallMs), requestsPerSecond: Math.round((activeBench / (wallMs / 1000)) * 10) / 10,
      submitToActiveMs: { p50: Math.round(percentile(xs, 0.5)), p99: Math.round(percentile(xs, 0.99)) },
      ...inv, byState,
      placedPerSecond: span && span.seconds ? Math.round((Number(span.placed) / span.seconds) * 10) / 10 : 0,
      pgRestarts, workerCrashes: crashes, takeovers: Number(ev?.takeovers ?? 0), conflicts: Number(wk?.conflicts ?? 0), submitMs: Math.round(submitMs),
      leakedResources: Number(leak?.n ?? 0),
    };
  } finally {
    for (const child of children.values()) child.proc.kill("SIGKILL");
    if (!options.keep) await bench.drop().catch(() => undefined);
    else await bench.handle.close();
  }
}

export function formatSchedulerBench(b: SchedulerBench): string {
  return [
    `workers ${b.workers}, requests ${b.requests}, faults ${(b.faults * 100).toFixed(0)}%, kills ${b.kills}, PostgreSQL restarts ${b.pgRestarts ?? 0}, workers died on their own ${b.workerCrashes ?? 0}`,
    `wall ${(b.wallMs / 1000).toFixed(1)} s; ${b.requestsPerSecond} requests active per second; ${b.placedPerSecond ?? "-"} placed per second`,
    `submit to active: p50 ${b.submitToActiveMs.p50} ms, p99 ${b.submitToActiveMs.p99} ms`,
    `over-committed providers ${b.overCommitted}, lost requests ${b.lost}, duplicate servers ${b.duplicateServers}, orphan allocations ${b.orphanAllocations}`,
    `by state: ${Object.entries(b.byState).map(([k, v]) => `${k} ${v}`).join(", ")}; takeovers ${b.takeovers ?? 0}, conflicts re-planned ${b.conflicts ?? 0}`,
    `cloud resources left for requests not active ${b.leakedResources ?? "-"}`,
  ].join("\n");
}
