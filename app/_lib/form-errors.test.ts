import { describe, expect, it } from "vitest";
import { inventorySetInput } from "~/server/inventory/schemas";
import { numberOrUndefined, toFormFailure, zodFieldErrors } from "./form-errors";

const id = "00000000-0000-4000-8000-000000000001";

describe("zodFieldErrors with the shared inventory schema", () => {
  it.each([
    [{ total: -1 }, "total"],
    [{ total: 10, reserved: 11 }, "reserved"],
    [{ total: 10, minUnit: 20, maxUnit: 5 }, "minUnit"],
    [{ total: 10, allocationRatio: 0 }, "allocationRatio"],
    [{ total: Number.NaN }, "total"],
    [{ total: 1.5 }, "total"],
  ])("%j fails on %s", (fields, field) => {
    const result = inventorySetInput.safeParse({ providerId: id, generation: 0, resourceClass: "VCPU", ...fields });
    expect(result.success).toBe(false);
    if (!result.success) expect(Object.keys(zodFieldErrors(result.error))).toContain(field);
  });

  it("keeps only the first message per field", () => {
    const result = inventorySetInput.safeParse({ providerId: "x", generation: -1, resourceClass: "vcpu", total: 1 });
    expect(result.success).toBe(false);
    if (!result.success) {
      const errors = zodFieldErrors(result.error);
      expect(Object.keys(errors).sort()).toEqual(["generation", "providerId", "resourceClass"]);
    }
  });
});

describe("toFormFailure", () => {
  it.each([
    [{ message: "stale", data: { code: "CONFLICT" } }, { code: "CONFLICT", message: "stale", fieldErrors: {} }],
    [
      { message: "bad", data: { code: "BAD_REQUEST", zodError: { fieldErrors: { total: ["must be a number"] }, formErrors: [] } } },
      { code: "BAD_REQUEST", message: "Some fields need attention.", fieldErrors: { total: "must be a number" } },
    ],
    [
      { message: "total below current use (40)", data: { code: "BAD_REQUEST", field: "total" } },
      { code: "BAD_REQUEST", message: "total below current use (40)", fieldErrors: { total: "total below current use (40)" } },
    ],
    [
      { message: "x", data: { code: "BAD_REQUEST", fieldErrors: { "inventories.VCPU.total": ["must be a number"] }, zodError: { fieldErrors: { inventories: ["must be a number"] }, formErrors: [] } } },
      { code: "BAD_REQUEST", message: "Some fields need attention.", fieldErrors: { "inventories.VCPU.total": "must be a number" } },
    ],
    [
      { message: "total: below current use (40)", data: { code: "BAD_REQUEST", field: "total", fieldErrors: { total: ["below current use (40)"] } } },
      { code: "BAD_REQUEST", message: "below current use (40)", fieldErrors: { total: "below current use (40)" } },
    ],
    [
      { message: "someone else changed this provider", data: { code: "CONFLICT", field: "generation", fieldErrors: { generation: ["someone else changed this provider"] } } },
      { code: "CONFLICT", message: "someone else changed this provider", fieldErrors: { generation: "someone else changed this provider" } },
    ],
    [new Error("network down"), { message: "network down", fieldErrors: {} }],
    [null, { message: "The request failed.", fieldErrors: {} }],
  ])("%j", (error, expected) => {
    expect(toFormFailure(error)).toEqual(expected);
  });
});

describe("numberOrUndefined", () => {
  it.each([
    ["", undefined],
    ["  ", undefined],
    ["42", 42],
    ["1_024", 1024],
    ["1.5", 1.5],
  ])("%j -> %j", (raw, expected) => expect(numberOrUndefined(raw)).toBe(expected));

  it("turns junk into NaN so the schema names the field", () => {
    expect(numberOrUndefined("12x")).toBeNaN();
  });
});
