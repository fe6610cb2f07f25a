/**
 * Submitting placement requests: checked against the catalogue (flavors, hosts, zones, server groups,
 * resource classes, volume types), turned into the request groups the engine reads, and written in
 * one transaction: all of the file or nothing. The idempotency key makes a repeat the same request:
 * `created: false`, the same ids; the same key with a different body is refused naming the first
 * field that differs.
 */
import { and, eq, inArray } from "drizzle-orm";
import {
  flavors, placementRequestEvents, placementRequests, resourceClasses, resourceProviders, serverGroups, volumeTypes,
  type RequestSpec,
} from "../../drizzle/schema";
import type { Db, Tx } from "../db/client";
import { fail, write, type Outcome } from "../inventory/outcome";
import type { SubmissionInput, SubmitResult, SubmittedRequest } from "./schema";

export const DEFAULT_PROJECT = "default";

type Catalogue = {
  flavors: Map<string, typeof flavors.$inferSelect>;
  hosts: Set<string>;
  zones: Set<string>;
  groups: Map<string, string>;
  classes: Set<string>;
  volumeTypes: Map<string, string[]>;
};

const unique = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => x !== undefined))];

async function readCatalogue(tx: Tx, reqs: SubmittedRequest[]): Promise<Catalogue> {
  const flavorIds = unique(reqs.map((r) => r.flavor));
  const hostNames = unique(reqs.map((r) => r.pinnedHost));
  const volumeTypeIds = unique(reqs.flatMap((r) => (r.storage ?? []).map((s) => s.volumeType)));
  const [fl, hosts, zones, groups, classes, vts] = await Promise.all([
    flavorIds.length === 0 ? [] : tx.select().from(flavors).where(inArray(flavors.id, flavorIds)),
    hostNames.length === 0 ? [] : tx.select({ name: resourceProviders.name }).from(resourceProviders)
      .where(and(inArray(resourceProviders.name, hostNames), eq(resourceProviders.kind, "host"))),
    tx.select({ name: resourceProviders.name }).from(resourceProviders).where(eq(resourceProviders.kind, "zone")),
    tx.select({ id: serverGroups.id, name: serverGroups.name, projectId: serverGroups.projectId }).from(serverGroups),
    tx.select({ name: resourceClasses.name }).from(resourceClasses),
    volumeTypeIds.length === 0 ? [] : tx.select().from(volumeTypes).where(inArray(volumeTypes.id, volumeTypeIds)),
  ]);
  return {
    flavors: new Map(fl.map((f) => [f.id, f])),
    hosts: new Set(hosts.map((h) => h.name)),
    zones: new Set(zones.map((z) => z.name)),
    groups: new Map(groups.map((g) => [`${g.projectId}/${g.name}`, g.id])),
    classes: new Set(classes.map((c) => c.name)),
    volumeTypes: new Map(vts.map((v) => [v.id, v.requiredTraits])),
  };
}

type Resolved = {
  spec: RequestSpec; flavorId: string | null; serverGroupId: string | null; projectId: string; name: string;
};

/** Checks one request against the catalogue (fail() names the field) and resolves its request groups. */
function resolve(req: SubmittedRequest, at: string, cat: Catalogue): Resolved {
  const projectId = req.project ?? DEFAULT_PROJECT;
  let compute = req.compute;
  let flavorId: string | null = null;
  if (req.flavor !== undefined) {
    const f = cat.flavors.get(req.flavor);
    if (!f) fail("BAD_REQUEST", `no flavor '${req.flavor}' in the catalogue`, `${at}.flavor`);
    flavorId = f.id;
    compute ??= {
      resources: { VCPU: f.vcpus, MEMORY_MB: f.memoryMb, ...(f.diskGb > 0 && { DISK_GB: f.diskGb }) },
      ...(f.requiredTraits.length > 0 && { requiredTraits: f.requiredTraits }),
      ...(f.forbiddenTraits.length > 0 && { forbiddenTraits: f.forbiddenTraits }),
    };
  }
  if (!compute) fail("BAD_REQUEST", "give a flavor or the compute resources", `${at}.compute`);
  const groups: [string, RequestSpec["compute"]][] = [
    [`${at}.compute`, compute],
    ...(req.storage ?? []).map((g, i): [string, RequestSpec["compute"]] => [`${at}.storage.${i}`, g]),
    ...(req.network ?? []).map((g, i): [string, RequestSpec["compute"]] => [`${at}.network.${i}`, g]),
  ];
  for (const [path, g] of groups) {
    const entries = Object.entries(g.resources);
    if (entries.length === 0 && path.endsWith(".compute")) fail("BAD_REQUEST", "asks for no resources", `${path}.resources`);
    for (const [rc] of entries) {
      if (!cat.classes.has(rc)) fail("BAD_REQUEST", `no resource class '${rc}' in the catalogue`, `${path}.resources.${rc}`);
    }
  }
  if (req.pinnedHost !== undefined && !cat.hosts.has(req.pinnedHost)) {
    fail("BAD_REQUEST", `no host '${req.pinnedHost}' in the inventory`, `${at}.pinnedHost`);
  }
  if (req.zone !== undefined && !cat.zones.has(req.zone)) {
    fail("BAD_REQUEST", `no availability zone '${req.zone}' (zones: ${[...cat.zones].sort().join(", ") || "none"})`, `${at}.zone`);
  }
  let serverGroupId: string | null = null;
  if (req.serverGroup !== undefined) {
    const id = cat.groups.get(req.serverGroup) ?? cat.groups.get(`${projectId}/${req.serverGroup}`);
    if (!id) fail("BAD_REQUEST", `no server group '${req.serverGroup}' (name it <project>/<name>, or by name in project ${projectId})`, `${at}.serverGroup`);
    serverGroupId = id;
  }
  const storage = (req.storage ?? []).map(({ volumeType, ...g }, i) => {
    if (volumeType === undefined) return g;
    const traits = cat.volumeTypes.get(volumeType);
    if (!traits) fail("BAD_REQUEST", `no volume type '${volumeType}' in the catalogue`, `${at}.storage.${i}.volumeType`);
    const required = [...new Set([...(g.requiredTraits ?? []), ...traits])];
    return { ...g, ...(required.length > 0 && { requiredTraits: required }) };
  });
  const spec: RequestSpec = {
    compute,
    ...(storage.length > 0 && { storage }),
    ...(req.network && req.network.length > 0 && { network: req.network }),
  };
  return { spec, flavorId, serverGroupId, projectId, name: req.name ?? req.id ?? req.key };
}

/** JSON with sorted keys: the body a key is compared by. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** The first path where two bodies differ (key order aside), "" for the whole body, null when equal. Pure. */
export function firstDifference(a: unknown, b: unknown, path = ""): string | null {
  const isObj = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object";
  if (isObj(a) && isObj(b) && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const d = firstDifference(a[k], b[k], path === "" ? k : `${path}.${k}`);
      if (d !== null) return d;
    }
    return null;
  }
  return a === b ? null : path;
}

const copyKey = (key: string, k: number, count: number) => (count > 1 ? `${key}#${k}` : key);
const CHUNK = 500;

/** requests.submit and `headroom request submit`: all of the file or nothing. */
export function submitRequests(db: Db, input: SubmissionInput, actor: string): Promise<Outcome<SubmitResult>> {
  return write(db, async (tx) => {
    const seen = new Map<string, number>();
    input.requests.forEach((r, i) => {
      const j = seen.get(r.key);
      if (j !== undefined) fail("BAD_REQUEST", `the key '${r.key}' is given twice in one submission (also requests[${j}])`, `requests.${i}.key`);
      seen.set(r.key, i);
    });
    const cat = await readCatalogue(tx, input.requests);
    const resolved = input.requests.map((r, i) => resolve(r, `requests.${i}`, cat));
    const bodies = input.requests.map((r) => canonical(r));

    const keys = input.requests.map((r) => r.key);
    const existing = new Map<string, { id: string; key: string; submission: unknown }[]>();
    for (let i = 0; i < keys.length; i += CHUNK) {
      const found = await tx
        .select({ id: placementRequests.id, key: placementRequests.idempotencyKey, batchKey: placementRequests.batchKey, submission: placementRequests.submission })
        .from(placementRequests)
        .where(inArray(placementRequests.batchKey, keys.slice(i, i + CHUNK)));
      for (const f of found) {
        const list = existing.get(f.batchKey ?? f.key) ?? [];
        list.push(f);
        existing.set(f.batchKey ?? f.key, list);
      }
    }
    const out: SubmitResult["requests"][] = input.requests.map(() => []);
    const rows: (typeof placementRequests.$inferInsert)[] = [];
    const rowOf: number[] = [];
    input.requests.forEach((req, i) => {
      const old = existing.get(req.key);
      if (old && old.length > 0) {
        const prior = old[0]!.submission;
        const diff = prior === null || prior === undefined ? null : firstDifference(prior, bodies[i]);
        if (diff !== null) {
          fail("BAD_REQUEST", `the key '${req.key}' was submitted before with a different ${diff || "body"}: a key names one request`, `requests.${i}${diff ? `.${diff}` : ".key"}`);
        }
        out[i] = old.sort((a, b) => (a.key < b.key ? -1 : 1)).map((o) => ({ id: o.id, key: o.key, created: false }));
        return;
      }
      const res = resolved[i]!;
      const count = req.count ?? 1;
      for (let k = 0; k < count; k++) {
        rows.push({
          idempotencyKey: copyKey(req.key, k, count), batchKey: req.key, submission: bodies[i],
          name: count > 1 ? `${res.name}#${k}` : res.name, projectId: res.projectId, flavorId: res.flavorId, spec: res.spec,
          serverGroupId: res.serverGroupId, zone: req.zone ?? null, pinnedHost: req.pinnedHost ?? null,
          priority: req.priority ?? 0, state: "pending", submittedBy: actor,
        });
        rowOf.push(i);
      }
    });
    for (let i = 0; i < rows.length; i += CHUNK) {
      const part = rows.slice(i, i + CHUNK);
      const made = await tx.insert(placementRequests).values(part)
        .returning({ id: placementRequests.id, key: placementRequests.idempotencyKey });
      await tx.insert(placementRequestEvents).values(made.map((m) => ({
        requestId: m.id, fromState: null, toState: "pending" as const, actor, reason: "submitted",
      })));
      made.forEach((m, j) => out[rowOf[i + j]!]!.push({ id: m.id, key: m.key, created: true }));
    }
    return { requests: out.flat() };
  });
}

