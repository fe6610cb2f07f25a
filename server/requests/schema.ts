/**
 * The submission of placement requests (shared/contracts/README.md, "The scheduler at work"): one
 * zod schema used by the tRPC input (requests.submit), the CLI file (`headroom request submit`) and
 * the browser's form (CONVENTIONS 10).
 *
 * A SubmittedRequest is the placement contract's PlacementRequest (count allowed) plus `key` (the
 * idempotency key), `project` and `name`. Additive, optional fields beside the contract's:
 * `flavor` (a catalogue flavor whose VCPU, MEMORY_MB, DISK_GB and traits make the compute group when
 * `compute` is left out) and `volumeType` on a storage group (its backend traits are required).
 * The contract's `id` is accepted and used as the name when `name` is missing; the database names
 * the request by its own id.
 */
import { z } from "zod";

export const requestStates = ["pending", "placing", "placed", "provisioning", "active", "failed", "cancelled"] as const;
export type RequestState = (typeof requestStates)[number];

const nonEmpty = z.string().trim().min(1, "must not be empty");
const amount = z.number("must be a number").int("must be a whole number").min(0, "must not be negative").max(2_147_483_647, "is too large");
const traitList = z.array(nonEmpty.max(255)).max(64).optional();
/** A request's priority (higher places first when capacity is short); also the queue's `minPriority` filter. */
export const priorityValue = z.number("must be a number").int("must be a whole number").min(-1000, "must be at least -1000").max(1000, "must be at most 1000");

export const requestGroupInput = z.strictObject({
  resources: z.record(nonEmpty.max(255), amount),
  requiredTraits: traitList,
  forbiddenTraits: traitList,
});
export type RequestGroupInput = z.infer<typeof requestGroupInput>;

export const storageGroupInput = requestGroupInput.extend({
  /** A Cinder volume type of the catalogue: its traits are required of the backend. */
  volumeType: nonEmpty.max(255).optional(),
});

export const MAX_COPIES = 1000;

export const submittedRequest = z
  .strictObject({
    /** The idempotency key: the same key again is the same request, never a second one. */
    key: nonEmpty.max(200).refine((k) => !k.includes("#"), "must not contain '#' (copies are named key#k)"),
    id: nonEmpty.max(200).optional(),
    name: nonEmpty.max(200).optional(),
    project: nonEmpty.max(200).optional(),
    flavor: nonEmpty.max(255).optional(),
    compute: requestGroupInput.optional(),
    storage: z.array(storageGroupInput).max(16).optional(),
    network: z.array(requestGroupInput).max(16).optional(),
    count: z.number("must be a number").int("must be a whole number").min(1, "must be at least 1").max(MAX_COPIES, `must be at most ${MAX_COPIES}`).optional(),
    /** `<project>/<name>` (the placement contract's id of a server group), or a name in the request's project. */
    serverGroup: nonEmpty.max(400).optional(),
    zone: nonEmpty.max(255).optional(),
    pinnedHost: nonEmpty.max(255).optional(),
    priority: priorityValue.optional(),
  })
  .refine((r) => r.compute !== undefined || r.flavor !== undefined, { message: "give a flavor or the compute resources", path: ["compute"] });
export type SubmittedRequest = z.infer<typeof submittedRequest>;

/** The file of `headroom request submit` and the input of requests.submit. */
export const submissionInput = z.strictObject({
  requests: z.array(submittedRequest).min(1, "must hold at least one request").max(10_000, "holds at most 10,000 requests"),
});
export type SubmissionInput = z.infer<typeof submissionInput>;

export type SubmitResult = { requests: { id: string; key: string; created: boolean }[] };

/** A request named by its id (a uuid) or by its key (with #k for copies). */
export const requestRef = z.object({ id: nonEmpty.max(260) });
export type RequestRef = z.infer<typeof requestRef>;

export const requestListInput = z
  .object({
    state: z.enum(requestStates).optional(),
    /** Any of these states (with `state`, both must hold). */
    states: z.array(z.enum(requestStates)).max(requestStates.length).optional(),
    project: nonEmpty.max(200).optional(),
    /** Only requests whose key or name contains this. */
    search: z.string().trim().max(200).optional(),
    /** Only requests the engine could not place yet (pending or failed with an engine code). */
    waiting: z.boolean().optional(),
    /** Only requests of at least this priority. */
    minPriority: priorityValue.optional(),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).default(0),
  })
  .default({ limit: 50, offset: 0 });
export type RequestListInput = z.output<typeof requestListInput>;

/** The contract's RequestStatus. */
export type RequestStatus = {
  id: string;
  key: string;
  state: RequestState;
  reason?: string;
  code?: string;
  host?: string;
  serverId?: string;
  attempts: number;
};
