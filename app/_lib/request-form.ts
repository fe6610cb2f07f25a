/**
 * The new-request form's values and the one translation from them to a SubmittedRequest (the
 * contract's shape, checked by the same zod schema as requests.submit). Field keys are the paths in
 * the submitted request ("compute.resources.VCPU", "storage.0.volumeType"), so an error from the
 * browser's check or from the server lands beside the same input.
 */
import { numberOrUndefined, type FieldErrors } from "./form-errors";
import { parseAmount } from "./units";

/** What a port asks of a network provider: an address on a subnet, a floating IP, or bandwidth. */
export const PORT_KINDS = [
  { resourceClass: "IPV4_ADDRESS", label: "Private address (subnet)", defaultAmount: "1" },
  { resourceClass: "FLOATING_IP", label: "Floating IP (public pool)", defaultAmount: "1" },
  { resourceClass: "NET_BW_MBPS", label: "Guaranteed bandwidth", defaultAmount: "1 Gbit/s" },
] as const;

export type VolumeValues = { size: string; volumeType: string };
export type PortValues = { resourceClass: string; amount: string };

export type RequestFormValues = {
  name: string;
  project: string;
  key: string;
  mode: "flavor" | "custom";
  flavor: string;
  vcpu: string;
  memory: string;
  disk: string;
  requiredTraits: string;
  volumes: VolumeValues[];
  ports: PortValues[];
  serverGroup: string;
  zone: string;
  pinnedHost: string;
  priority: string;
  count: string;
};

/** A fresh key for a new form: unique enough for a person's submissions, editable, kept on a retry of the same form. */
export function newIdempotencyKey(random: () => number = Math.random, now: Date = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  const tail = Array.from({ length: 6 }, () => "abcdefghijkmnpqrstuvwxyz23456789"[Math.floor(random() * 32)]).join("");
  return `ui-${stamp}-${tail}`;
}

export function emptyRequestForm(key: string): RequestFormValues {
  return {
    name: "", project: "", key, mode: "flavor", flavor: "", vcpu: "", memory: "", disk: "", requiredTraits: "",
    volumes: [], ports: [{ resourceClass: "IPV4_ADDRESS", amount: "1" }],
    serverGroup: "", zone: "", pinnedHost: "", priority: "0", count: "1",
  };
}

const text = (value: string) => (value.trim() === "" ? undefined : value.trim());
const traitsOf = (value: string) => value.split(/[\s,;]+/).map((t) => t.trim().toUpperCase()).filter(Boolean);

/**
 * The SubmittedRequest for these values. Nothing is judged here (the zod schema does that): empty
 * optional fields are left out, amounts are parsed with their units ("16 GiB" -> 16384 MiB), and
 * something unreadable becomes NaN so the schema says "must be a number" beside its field.
 */
export function toSubmittedRequest(values: RequestFormValues): Record<string, unknown> {
  const request: Record<string, unknown> = { key: values.key.trim() };
  const put = (field: string, value: unknown) => { if (value !== undefined) request[field] = value; };
  put("name", text(values.name));
  put("project", text(values.project));
  if (values.mode === "flavor") {
    put("flavor", text(values.flavor));
  } else {
    const resources: Record<string, number> = {};
    for (const [rc, raw] of [["VCPU", values.vcpu], ["MEMORY_MB", values.memory], ["DISK_GB", values.disk]] as const) {
      const amount = parseAmount(rc, raw);
      if (amount !== undefined) resources[rc] = amount;
    }
    const requiredTraits = traitsOf(values.requiredTraits);
    request.compute = { resources, ...(requiredTraits.length > 0 && { requiredTraits }) };
  }
  if (values.volumes.length > 0) {
    request.storage = values.volumes.map((v) => ({
      resources: { VOLUME_GB: parseAmount("VOLUME_GB", v.size) ?? Number.NaN },
      ...(text(v.volumeType) && { volumeType: text(v.volumeType) }),
    }));
  }
  if (values.ports.length > 0) {
    request.network = values.ports.map((p) => ({ resources: { [p.resourceClass]: parseAmount(p.resourceClass, p.amount) ?? Number.NaN } }));
  }
  put("serverGroup", text(values.serverGroup));
  put("zone", text(values.zone));
  put("pinnedHost", text(values.pinnedHost));
  put("priority", numberOrUndefined(values.priority));
  put("count", numberOrUndefined(values.count));
  return request;
}

/**
 * Errors of the whole submission ("requests.0.compute.resources.VCPU") as the form's keys
 * ("compute.resources.VCPU"): the form submits one request, so its index is dropped.
 */
export function formErrorsOfSubmission(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    const local = key.replace(/^requests\.0(\.|$)/, "").replace(/^requests(\.|$)/, "");
    if (!(local in out)) out[local] = message;
  }
  return out;
}

/** The first error at or under a path ("compute" collects "compute.resources.VCPU" too). */
export function errorUnder(errors: FieldErrors, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const key = Object.keys(errors).find((k) => k.startsWith(`${path}.`));
  return key ? errors[key] : undefined;
}
