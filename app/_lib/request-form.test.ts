import { describe, expect, it } from "vitest";
import { submissionInput } from "~/server/requests/schema";
import { zodFieldErrors, type FieldErrors } from "./form-errors";
import { emptyRequestForm, errorUnder, formErrorsOfSubmission, newIdempotencyKey, toSubmittedRequest, type RequestFormValues } from "./request-form";

const form = (patch: Partial<RequestFormValues>): RequestFormValues => ({ ...emptyRequestForm("k-1"), ...patch });
const check = (values: RequestFormValues): { ok: Record<string, unknown> | null; errors: FieldErrors } => {
  const parsed = submissionInput.safeParse({ requests: [toSubmittedRequest(values)] });
  return parsed.success ? { ok: parsed.data.requests[0]!, errors: {} } : { ok: null, errors: formErrorsOfSubmission(zodFieldErrors(parsed.error)) };
};

describe("the new-request form's submission", () => {
  it("sends a flavor request with only the fields given", () => {
    const { ok } = check(form({ flavor: "m1.large", project: "shop", name: "web-1", priority: "5", count: "2" }));
    expect(ok).toEqual({
      key: "k-1", name: "web-1", project: "shop", flavor: "m1.large", priority: 5, count: 2,
      network: [{ resources: { IPV4_ADDRESS: 1 } }],
    });
  });

  it("parses custom amounts with their units and upper-cases traits", () => {
    const { ok } = check(form({
      mode: "custom", vcpu: "8", memory: "16 GiB", disk: "80", requiredTraits: "hw_cpu_x86_avx2, custom_nvme",
      volumes: [{ size: "1.5 TiB", volumeType: "ssd" }], ports: [{ resourceClass: "NET_BW_MBPS", amount: "2 Gbit/s" }],
      zone: "az1", pinnedHost: "az1-r01-h01", serverGroup: "shop/web",
    }));
    expect(ok).toMatchObject({
      compute: { resources: { VCPU: 8, MEMORY_MB: 16_384, DISK_GB: 80 }, requiredTraits: ["HW_CPU_X86_AVX2", "CUSTOM_NVME"] },
      storage: [{ resources: { VOLUME_GB: 1536 }, volumeType: "ssd" }],
      network: [{ resources: { NET_BW_MBPS: 2000 } }],
      zone: "az1", pinnedHost: "az1-r01-h01", serverGroup: "shop/web",
    });
  });

  it("names the field at fault, under the form's own keys", () => {
    const { ok, errors } = check(form({ mode: "custom", vcpu: "-2", memory: "lots", count: "0", priority: "2.5", key: "a#b",
      volumes: [{ size: "-1", volumeType: "" }] }));
    expect(ok).toBeNull();
    expect(Object.keys(errors).sort()).toEqual([
      "compute.resources.MEMORY_MB", "compute.resources.VCPU", "count", "key", "priority", "storage.0.resources.VOLUME_GB",
    ]);
    expect(errors["compute.resources.VCPU"]).toMatch(/negative/);
  });

  it("asks for a flavor or resources when neither is given", () => {
    const { errors } = check(form({ flavor: "" }));
    expect(errorUnder(errors, "compute")).toMatch(/flavor/);
  });
});

describe("formErrorsOfSubmission", () => {
  it("drops the submission's index and keeps the first message per field", () => {
    expect(formErrorsOfSubmission({ "requests.0.pinnedHost": "unknown host", "requests.0.zone": "unknown zone", requests: "x" }))
      .toEqual({ pinnedHost: "unknown host", zone: "unknown zone", "": "x" });
  });
});

describe("newIdempotencyKey", () => {
  it("is stamped with the time and differs by its random tail", () => {
    const now = new Date("2026-12-03T16:42:00Z");
    let i = 0;
    const a = newIdempotencyKey(() => (i++ % 32) / 32, now);
    const b = newIdempotencyKey(() => 0.99, now);
    expect(a).toMatch(/^ui-20261203-164200-[a-z2-9]{6}$/);
    expect(a).not.toBe(b);
  });
});
