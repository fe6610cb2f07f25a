/**
 * The provisioning port of DESIGN §5: what the scheduler worker asks a cloud to do, whichever cloud it
 * is. Two drivers implement it: `simulated` (server/provisioning/simulated/: a cloud kept in the
 * database, seeded delays, injectable faults; named as simulated wherever it shows) and `openstack`
 * (server/openstack/: Keystone v3, Nova 2.74 `host`, Cinder v3, Neutron v2).
 *
 * Every create carries an idempotency key into the cloud (server metadata, resource names), so a
 * retry or a restart finds what the first try made (`findByKey`) instead of making a second one.
 * The worker journals each call before it makes it and records the answer after; on start it
 * reconciles every open journal entry with `findByKey` (adopt what exists, clean up what is half
 * made).
 *
 * Expected failures are values of `DriverError` (thrown): `retryable` says whether the same call may
 * succeed later (5xx, 409, timeouts, a reset connection); anything else is a bug.
 */

/** The kinds of cloud resource a placement turns into. */
export type ResourceKind = "server" | "volume" | "port";

/** A volume to make on the storage provider the engine chose. */
export type VolumeSpec = {
  /** Idempotency key (unique per volume; e.g. `${requestKey}/volume/0`). */
  key: string;
  name: string;
  sizeGb: number;
  /** The storage provider's name in Headroom (a Ceph pool, a Cinder backend). */
  backend: string;
  /** Cinder volume type naming that backend, where the cloud has one. */
  volumeType?: string | null;
  projectId: string;
};

/** A port to make on the network provider the engine chose. */
export type PortSpec = {
  key: string;
  name: string;
  /** The network provider's name in Headroom (a Neutron network or one of its subnets). */
  network: string;
  /** The subnet the address must come from, where the engine chose one. */
  subnet?: string | null;
  projectId: string;
};

/** A server to boot on the host the engine chose. */
export type ServerSpec = {
  key: string;
  name: string;
  /** The host provider's name in Headroom (the hypervisor's hostname in Nova). */
  host: string;
  zone?: string | null;
  flavor?: string | null;
  /** What the server takes on its host (VCPU, MEMORY_MB, DISK_GB, ...). */
  resources: Record<string, number>;
  /** Ports made first and given to the server at boot. */
  portIds: string[];
  projectId: string;
  /** Extra metadata to carry (the request id, the Headroom consumer id). */
  metadata?: Record<string, string>;
};

/** What the cloud says of one resource. */
export type CloudState = "building" | "active" | "error" | "deleting" | "gone";

export type CloudResource = {
  kind: ResourceKind;
  id: string;
  key: string;
  state: CloudState;
  /** The host a server runs on, as the cloud reports it. */
  host?: string;
  /** A port's fixed address. */
  address?: string;
  /** Why it is in error, in the cloud's words. */
  fault?: string;
};

export type DriverHealth = { ok: boolean; driver: string; simulated: boolean; detail: string };

export interface ProvisioningDriver {
  /** "simulated" or "openstack": shown in pages, logs and the health endpoint. */
  readonly name: string;
  /** True for a driver that makes nothing real; every place that shows the driver says so. */
  readonly simulated: boolean;

  createVolume(spec: VolumeSpec): Promise<CloudResource>;
  createPort(spec: PortSpec): Promise<CloudResource>;
  createServer(spec: ServerSpec): Promise<CloudResource>;
  /** Attaches a volume to a server (ports are given at boot). */
  attach(serverId: string, volumeId: string): Promise<void>;
  /** The resource's state now; `gone` when the cloud has no such resource. */
  poll(kind: ResourceKind, id: string): Promise<CloudResource>;
  /** Deletes the resource; deleting what is gone already is not an error. */
  delete(kind: ResourceKind, id: string): Promise<void>;
  /** Moves a running server to another host. */
  liveMigrate(serverId: string, host: string): Promise<void>;
  /** What the cloud holds under this idempotency key, or null. */
  findByKey(kind: ResourceKind, key: string): Promise<CloudResource | null>;
  /** Whether the driver can reach its cloud, with a sentence that names what to fix when not. */
  health(): Promise<DriverHealth>;
  close?(): Promise<void>;
}

export type DriverErrorCode = "timeout" | "unavailable" | "conflict" | "bad_request" | "not_found" | "unauthorized" | "quota" | "lost_answer" | "config";

/** An expected failure of a driver call. */
export class DriverError extends Error {
  override readonly name = "DriverError";
  constructor(
    readonly code: DriverErrorCode,
    message: string,
    /** Whether the same call may succeed if tried again (5xx, 409, timeouts, resets, a lost answer). */
    readonly retryable: boolean,
    /** The HTTP status the cloud answered, where it answered one. */
    readonly status?: number,
  ) {
    super(message);
  }
}
