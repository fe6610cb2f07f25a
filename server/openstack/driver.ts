import { createHash } from "node:crypto";
import {
  DriverError,
  type CloudResource,
  type CloudState,
  type DriverHealth,
  type PortSpec,
  type ProvisioningDriver,
  type ResourceKind,
  type ServerSpec,
  type VolumeSpec,
} from "../provisioning/port";
import { configError, describeConfig, loadConfig, redact, type OpenStackConfig } from "./config";
import { COMPUTE_MICROVERSION, OpenStackClient } from "./client";
import { backoffMs, sleep, TransportError } from "./http";

/**
 * The port's production driver: Nova (microversion 2.74, boot on the chosen `host`), Cinder v3
 * (the chosen backend's volume type, attached through Nova) and Neutron v2 (a port on the chosen
 * network with an address from the chosen subnet), behind one Keystone session.
 *
 * Idempotency: every create carries the key into the cloud and looks for it first. Servers carry it
 * in metadata (`headroom_key`) and as a tag (`hr-<sha1>`, because Nova lists by tag but not by
 * metadata); volumes in metadata (Cinder filters on it); ports in their description (Neutron
 * filters on it). A create whose answer was lost (timeout, reset) is never simply repeated: the
 * next try looks the key up and adopts what the first one made.
 */
export const KEY_META = "headroom_key";
export const keyTag = (key: string) => `hr-${createHash("sha1").update(key).digest("hex")}`;
export const portDescription = (key: string) => `headroom:${key}`;

type NovaServer = {
  id: string;
  created?: string;
  status: string;
  metadata?: Record<string, string>;
  "OS-EXT-SRV-ATTR:host"?: string | null;
  "OS-EXT-STS:task_state"?: string | null;
  fault?: { message?: string; details?: string };
};
type CinderVolume = { id: string; status: string; metadata?: Record<string, string>; attachments?: { server_id: string }[] };
type NeutronPort = { id: string; status: string; description?: string; fixed_ips?: { ip_address: string; subnet_id: string }[] };
type Flavor = { id: string; name: string; vcpus: number; ram: number; disk: number };

const serverState = (s: NovaServer): CloudState => {
  if (s["OS-EXT-STS:task_state"] === "deleting") return "deleting";
  switch (s.status) {
    case "ACTIVE":
    case "SHUTOFF":
    case "PAUSED":
    case "SUSPENDED":
      return "active";
    case "ERROR":
      return "error";
    case "DELETED":
    case "SOFT_DELETED":
      return "gone";
    default:
      return "building";
  }
};

const volumeState = (v: CinderVolume): CloudState => {
  switch (v.status) {
    case "available":
    case "in-use":
      return "active";
    case "error":
    case "error_deleting":
    case "error_extending":
    case "error_restoring":
      return "error";
    case "deleting":
      return "deleting";
    default:
      return "building";
  }
};

export class OpenStackDriver implements ProvisioningDriver {
  readonly name = "openstack";
  readonly simulated = false;
  readonly client: OpenStackClient;
  private flavors: Flavor[] | null = null;
  private imageId: string | null = null;

  constructor(readonly config: OpenStackConfig = loadConfig()) {
    this.client = new OpenStackClient(config);
  }

  // ------------------------------------------------------------- create, idempotent by key

  /** Look for the key, create if absent; a retryable failure of the create leads back to the lookup. */
  private async createOnce(kind: ResourceKind, key: string, create: () => Promise<CloudResource>): Promise<CloudResource> {
    let last: DriverError | null = null;
    const attempts = this.client.policy.attempts;
    for (let attempt = 0; attempt < attempts; attempt++) {
      try {
        let found = await this.findByKey(kind, key);
        if (!found && last instanceof TransportError && last.sent) {
          // The last create went out and its answer was lost: it may still land. Look again for
          // a grace period (twice the call timeout) before making another.
          const until = Date.now() + 2 * this.config.timeout_ms;
          while (!found && Date.now() < until) {
            await sleep(Math.min(250, this.config.timeout_ms / 2));
            found = await this.findByKey(kind, key);
          }
        }
        if (found && found.state !== "gone" && found.state !== "deleting") return found;
        return await create();
      } catch (e) {
        if (!(e instanceof DriverError) || !e.retryable) throw e;
        last = e;
        if (attempt + 1 < attempts) await sleep(backoffMs(this.client.policy, attempt));
      }
    }
    throw new DriverError(
      last?.code === "timeout" || last?.code === "unavailable" ? "lost_answer" : (last?.code ?? "unavailable"),
      `${kind} ${key}: gave up after ${attempts} tries; the last: ${last?.message ?? "no answer"}`,
      true,
      last?.status,
    );
  }

  async createVolume(spec: VolumeSpec): Promise<CloudResource> {
    return this.createOnce("volume", spec.key, async () => {
      const type = spec.volumeType ?? (await this.volumeTypeFor(spec.backend));
      const { body } = await this.client.call<{ volume: CinderVolume }>("volumev3", "POST", "/volumes", {
        retry: false,
        body: { volume: { size: spec.sizeGb, name: spec.name, volume_type: type, metadata: { [KEY_META]: spec.key } } },
      });
      return { kind: "volume", id: body.volume.id, key: spec.key, state: volumeState(body.volume) };
    });
  }

  async createPort(spec: PortSpec): Promise<CloudResource> {
    return this.createOnce("port", spec.key, async () => {
      const net = await this.resolveNetwork(spec.network);
      const subnetId = spec.subnet ? await this.resolveSubnet(spec.subnet, net.id) : net.subnetId;
      const { body } = await this.client.call<{ port: NeutronPort }>("network", "POST", "/ports", {
        retry: false,
        body: {
          port: {
            name: spec.name,
            network_id: net.id,
            description: portDescription(spec.key),
            ...(subnetId ? { fixed_ips: [{ subnet_id: subnetId }] } : {}),
          },
        },
      });
      return this.portResource(body.port, spec.key);
    });
  }

  async createServer(spec: ServerSpec): Promise<CloudResource> {
    const flavorId = await this.flavorFor(spec);
    const imageRef = await this.image();
    return this.createOnce("server", spec.key, async () => {
      const { body } = await this.client.call<{ server: NovaServer }>("compute", "POST", "/servers", {
        retry: false,
        body: {
          server: {
            name: spec.name,
            imageRef,
            flavorRef: flavorId,
            host: spec.host,
            networks: spec.portIds.length > 0 ? spec.portIds.map((port) => ({ port })) : "none",
            metadata: { ...spec.metadata, [KEY_META]: spec.key },
            tags: [keyTag(spec.key)],
          },
        },
      });
      return { kind: "server", id: body.server.id, key: spec.key, state: "building" };
    });
  }

  // ------------------------------------------------------------- find, poll

  async findByKey(kind: ResourceKind, key: string): Promise<CloudResource | null> {
    if (kind === "server") {
      // By tag, and among the newest servers: a server still waiting for the scheduler is a Nova
      // build request, which a tag filter does not see (measured: a lost answer then made three).
      const [tagged, newest] = await Promise.all([
        this.client.call<{ servers: NovaServer[] }>("compute", "GET", `/servers/detail?tags=${keyTag(key)}`),
        this.client.call<{ servers: NovaServer[] }>("compute", "GET", "/servers/detail?sort_key=created_at&sort_dir=desc&limit=100"),
      ]);
      const seen = new Map([...tagged.body.servers, ...newest.body.servers].map((x) => [x.id, x]));
      // Should a lost answer ever have made two, the oldest is the one (the worker deletes by id).
      const s = [...seen.values()].filter((x) => x.metadata?.[KEY_META] === key).sort((a, b) => (a.created ?? "").localeCompare(b.created ?? ""))[0];
      return s ? this.serverResource(s, key) : null;
    }
    if (kind === "volume") {
      const q = encodeURIComponent(JSON.stringify({ [KEY_META]: key }));
      const { body } = await this.client.call<{ volumes: CinderVolume[] }>("volumev3", "GET", `/volumes/detail?metadata=${q}`);
      const v = body.volumes.find((x) => x.metadata?.[KEY_META] === key);
      return v ? { kind, id: v.id, key, state: volumeState(v) } : null;
    }
    const { body } = await this.client.call<{ ports: NeutronPort[] }>("network", "GET", `/ports?description=${encodeURIComponent(portDescription(key))}`);
    const p = body.ports.find((x) => x.description === portDescription(key));
    return p ? this.portResource(p, key) : null;
  }

  async poll(kind: ResourceKind, id: string): Promise<CloudResource> {
    const gone: CloudResource = { kind, id, key: "", state: "gone" };
    if (kind === "server") {
      const r = await this.client.call<{ server: NovaServer }>("compute", "GET", `/servers/${id}`, { accept: [404] });
      return r.status === 404 ? gone : this.serverResource(r.body.server, r.body.server.metadata?.[KEY_META] ?? "");
    }
    if (kind === "volume") {
      const r = await this.client.call<{ volume: CinderVolume }>("volumev3", "GET", `/volumes/${id}`, { accept: [404] });
      if (r.status === 404) return gone;
      return { kind, id, key: r.body.volume.metadata?.[KEY_META] ?? "", state: volumeState(r.body.volume) };
    }
    const r = await this.client.call<{ port: NeutronPort }>("network", "GET", `/ports/${id}`, { accept: [404] });
    if (r.status === 404) return gone;
    const d = r.body.port.description ?? "";
    return this.portResource(r.body.port, d.startsWith("headroom:") ? d.slice("headroom:".length) : "");
  }

  /**
   * What the cloud holds (`headroom cloud servers --driver openstack`): every server of every
   * project (the driver's user is an admin), oldest first, with the Headroom key of its metadata
   * ("" for a server Headroom did not make); deleted ones are left out. Paged with Nova's marker.
   */
  async listServers(pageSize = 1000): Promise<{ id: string; host: string; key: string; state: CloudState }[]> {
    const out: { id: string; host: string; key: string; state: CloudState }[] = [];
    for (let marker: string | undefined; ;) {
      const q = new URLSearchParams({ all_tenants: "1", sort_key: "created_at", sort_dir: "asc", limit: String(pageSize), ...(marker && { marker }) });
      const { body } = await this.client.call<{ servers: NovaServer[] }>("compute", "GET", `/servers/detail?${q}`);
      for (const s of body.servers) {
        const state = serverState(s);
        if (state !== "gone") out.push({ id: s.id, host: s["OS-EXT-SRV-ATTR:host"] ?? "", key: s.metadata?.[KEY_META] ?? "", state });
      }
      if (body.servers.length < pageSize) return out;
      marker = body.servers.at(-1)!.id;
    }
  }

  private serverResource(s: NovaServer, key: string): CloudResource {
    const state = serverState(s);
    return {
      kind: "server",
      id: s.id,
      key,
      state,
      ...(s["OS-EXT-SRV-ATTR:host"] ? { host: s["OS-EXT-SRV-ATTR:host"] } : {}),
      ...(state === "error" ? { fault: s.fault?.message ?? "Nova put the server in ERROR without a fault" } : {}),
    };
  }

  private portResource(p: NeutronPort, key: string): CloudResource {
    const address = p.fixed_ips?.[0]?.ip_address;
    return { kind: "port", id: p.id, key, state: "active", ...(address ? { address } : {}) };
  }

  // ------------------------------------------------------------- attach, delete, migrate

  /**
   * Attaches and waits until Cinder says in-use by this server. Nova's attach makes a synchronous
   * call to the compute host, so its answer can be lost or late while the attachment still
   * happens (or is rolled back): each round reads the volume first and posts only when it is free.
   */
  async attach(serverId: string, volumeId: string): Promise<void> {
    const deadline = Date.now() + this.config.wait_ms;
    let delay = 250;
    let lastError: string | null = null;
    for (;;) {
      const r = await this.client.call<{ volume: CinderVolume }>("volumev3", "GET", `/volumes/${volumeId}`);
      const v = r.body.volume;
      if (v.status === "in-use" && v.attachments?.some((a) => a.server_id === serverId)) return;
      if (v.status.startsWith("error")) throw new DriverError("bad_request", `volume ${volumeId} went to ${v.status} while attaching to ${serverId}`, false);
      if (v.status === "in-use") throw new DriverError("conflict", `volume ${volumeId} is attached to another server`, false, 409);
      if (v.status === "available") {
        try {
          // 400 "already attached" answers a repeat of an attach still in flight: keep waiting.
          await this.client.call("compute", "POST", `/servers/${serverId}/os-volume_attachments`, {
            body: { volumeAttachment: { volumeId } },
            accept: [400],
            retry: false,
          });
        } catch (e) {
          if (!(e instanceof DriverError) || !e.retryable) throw e;
          lastError = e.message;
        }
      }
      if (Date.now() > deadline) {
        throw new DriverError("timeout", `volume ${volumeId} was not attached to server ${serverId} within ${this.config.wait_ms} ms${lastError ? ` (last: ${lastError})` : ""}`, true);
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 2_000);
    }
  }

  async delete(kind: ResourceKind, id: string): Promise<void> {
    if (kind === "server") {
      await this.client.call("compute", "DELETE", `/servers/${id}`, { accept: [404] });
      return;
    }
    if (kind === "port") {
      await this.client.call("network", "DELETE", `/ports/${id}`, { accept: [404] });
      return;
    }
    const r = await this.client.call<{ volume: CinderVolume }>("volumev3", "GET", `/volumes/${id}`, { accept: [404] });
    if (r.status === 404) return;
    for (const a of r.body.volume.attachments ?? []) {
      await this.client.call("compute", "DELETE", `/servers/${a.server_id}/os-volume_attachments/${id}`, { accept: [404] });
    }
    await this.waitFor(`volume ${id} to be detached`, async () => {
      const v = await this.client.call<{ volume: CinderVolume }>("volumev3", "GET", `/volumes/${id}`, { accept: [404] });
      return v.status === 404 || !["in-use", "detaching", "attaching", "creating", "reserved"].includes(v.body.volume.status);
    });
    await this.client.call("volumev3", "DELETE", `/volumes/${id}`, { accept: [404] });
  }

  /**
   * Live-migrates through the scheduler's checks (2.74: no `force`) and waits for Nova's migration
   * record of it to end; the server must then run on the chosen host.
   */
  async liveMigrate(serverId: string, host: string): Promise<void> {
    type Migration = { id: number; status: string; dest_compute?: string | null; migration_type?: string };
    const list = async () =>
      (await this.client.call<{ migrations: Migration[] }>("compute", "GET", `/os-migrations?instance_uuid=${serverId}&migration_type=live-migration`)).body.migrations;
    const before = new Set((await list()).map((m) => m.id));
    await this.client.call("compute", "POST", `/servers/${serverId}/action`, {
      body: { "os-migrateLive": { host, block_migration: "auto" } },
    });
    await this.waitFor(`the live migration of server ${serverId} to ${host}`, async () => {
      const mine = (await list()).filter((m) => !before.has(m.id)).sort((a, b) => b.id - a.id)[0];
      if (!mine) return false;
      if (["error", "failed", "cancelled"].includes(mine.status)) {
        const s = await this.poll("server", serverId);
        throw new DriverError("bad_request", `live migration of ${serverId} to ${host} ended ${mine.status}${s.fault ? `: ${s.fault}` : ""} (see the server's instance actions)`, false);
      }
      if (mine.status !== "completed") return false;
      const s = await this.poll("server", serverId);
      if (s.host !== host) throw new DriverError("conflict", `live migration of ${serverId} completed on ${s.host ?? "no host"}, not ${host}`, false);
      return true;
    });
  }

  private async waitFor(what: string, done: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + this.config.wait_ms;
    let delay = 250;
    while (!(await done())) {
      if (Date.now() > deadline) throw new DriverError("timeout", `waited ${this.config.wait_ms} ms for ${what}`, true);
      await sleep(delay);
      delay = Math.min(delay * 2, 2_000);
    }
  }

  // ------------------------------------------------------------- lookups

  private async resolveNetwork(nameOrId: string): Promise<{ id: string; subnetId: string | null }> {
    const byId = await this.client.call<{ network: { id: string } }>("network", "GET", `/networks/${encodeURIComponent(nameOrId)}`, { accept: [404] });
    if (byId.status === 200) return { id: byId.body.network.id, subnetId: null };
    const { body } = await this.client.call<{ networks: { id: string }[] }>("network", "GET", `/networks?name=${encodeURIComponent(nameOrId)}`);
    if (body.networks.length === 1) return { id: body.networks[0]!.id, subnetId: null };
    if (body.networks.length > 1) throw new DriverError("bad_request", `network '${nameOrId}' names ${body.networks.length} Neutron networks; use its id`, false);
    const sub = await this.client.call<{ subnets: { id: string; network_id: string }[] }>("network", "GET", `/subnets?name=${encodeURIComponent(nameOrId)}`);
    const s = sub.body.subnets[0];
    if (sub.body.subnets.length === 1 && s) return { id: s.network_id, subnetId: s.id };
    throw new DriverError("not_found", `Neutron has no network or subnet named '${nameOrId}' (run headroom sync openstack to refresh the inventory)`, false, 404);
  }

  private async resolveSubnet(nameOrId: string, networkId: string): Promise<string> {
    const { body } = await this.client.call<{ subnets: { id: string; name: string }[] }>("network", "GET", `/subnets?network_id=${networkId}`);
    const s = body.subnets.find((x) => x.id === nameOrId || x.name === nameOrId);
    if (!s) throw new DriverError("not_found", `subnet '${nameOrId}' is not on network ${networkId}`, false, 404);
    return s.id;
  }

  /** The volume type of a backend: one named as the backend, else the one whose volume_backend_name it is. */
  private async volumeTypeFor(backend: string): Promise<string> {
    const { body } = await this.client.call<{ volume_types: { name: string; extra_specs?: Record<string, string> }[] }>("volumev3", "GET", "/types?is_public=None");
    const named = body.volume_types.find((t) => t.name === backend);
    if (named) return named.name;
    const pinned = body.volume_types.filter((t) => t.extra_specs?.volume_backend_name === backend);
    if (pinned.length >= 1) return pinned[0]!.name;
    throw new DriverError("not_found", `Cinder has no volume type for backend '${backend}' (make one with extra spec volume_backend_name=${backend})`, false, 404);
  }

  private async listFlavors(): Promise<Flavor[]> {
    if (!this.flavors) {
      const { body } = await this.client.call<{ flavors: Flavor[] }>("compute", "GET", "/flavors/detail?is_public=None");
      this.flavors = body.flavors;
    }
    return this.flavors;
  }

  /**
   * The flavor a server boots with: the one the request named, else one whose VCPU, MEMORY_MB and
   * DISK_GB equal the resources, else a private flavor made for them (`hr-<vcpu>c-<ram>m-<disk>g`).
   */
  async flavorFor(spec: Pick<ServerSpec, "flavor" | "resources">): Promise<string> {
    const flavors = await this.listFlavors();
    if (spec.flavor) {
      const f = flavors.find((x) => x.name === spec.flavor || x.id === spec.flavor);
      if (f) return f.id;
    }
    const vcpus = spec.resources.VCPU ?? 1;
    const ram = spec.resources.MEMORY_MB ?? 512;
    const disk = spec.resources.DISK_GB ?? 0;
    const match = flavors.find((f) => f.vcpus === vcpus && f.ram === ram && f.disk === disk);
    if (match) return match.id;
    const name = `hr-${vcpus}c-${ram}m-${disk}g`;
    const made = await this.client.call<{ flavor: Flavor }>("compute", "POST", "/flavors", {
      body: { flavor: { name, vcpus, ram, disk, "os-flavor-access:is_public": true } },
      accept: [409],
    });
    this.flavors = null;
    if (made.status === 409) {
      const again = (await this.listFlavors()).find((f) => f.name === name);
      if (!again) throw new DriverError("conflict", `flavor ${name} exists but cannot be listed`, true, 409);
      return again.id;
    }
    return made.body.flavor.id;
  }

  private async image(): Promise<string> {
    if (this.imageId) return this.imageId;
    const ref = this.config.image;
    if (!ref) throw configError("no image configured for booting servers: set image in the HEADROOM_OPENSTACK_CONFIG file or HEADROOM_OPENSTACK_IMAGE (a Glance image id or name)");
    const byId = await this.client.call<{ id: string }>("image", "GET", `/v2/images/${encodeURIComponent(ref)}`, { accept: [404, 400] });
    if (byId.status === 200) return (this.imageId = byId.body.id);
    const { body } = await this.client.call<{ images: { id: string }[] }>("image", "GET", `/v2/images?name=${encodeURIComponent(ref)}`);
    const img = body.images[0];
    if (!img) throw configError(`Glance has no image '${ref}': set image / HEADROOM_OPENSTACK_IMAGE to an existing image id or name`);
    return (this.imageId = img.id);
  }

  // ------------------------------------------------------------- health

  async health(): Promise<DriverHealth> {
    const base = { driver: this.name, simulated: false };
    try {
      await this.client.session();
      for (const t of ["compute", "placement", "volumev3", "network", "image"] as const) await this.client.endpoint(t);
      const compute = await this.client.endpoint("compute");
      const root = await this.client.call<{ version?: { version?: string } }>("compute", "GET", compute);
      const max = root.body.version?.version ?? "";
      if (!max || versionLess(max, COMPUTE_MICROVERSION)) {
        throw configError(`Nova at ${compute} supports microversions up to ${max || "none"}; Headroom needs ${COMPUTE_MICROVERSION} (boot on a chosen host): upgrade Nova to Train (20.0) or later`);
      }
      await this.image();
      return { ...base, ok: true, detail: `OpenStack ${describeConfig(this.config)}: Keystone, Nova (up to ${max}), Placement, Cinder, Neutron and Glance reachable` };
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      return { ...base, ok: false, detail: redact(msg, this.config) };
    }
  }

  /** Throws the health sentence when the cloud is not usable (worker start). */
  async assertHealthy(): Promise<void> {
    const h = await this.health();
    if (!h.ok) throw configError(h.detail);
  }
}

export function versionLess(a: string, b: string): boolean {
  const [am = 0, an = 0] = a.split(".").map(Number);
  const [bm = 0, bn = 0] = b.split(".").map(Number);
  return am < bm || (am === bm && an < bn);
}

export function createOpenStackDriver(config?: OpenStackConfig): OpenStackDriver {
  return new OpenStackDriver(config ?? loadConfig());
}
