import { describe, expect, it } from "vitest";
import { inventoryFieldsObject } from "./schemas";

const valid = { total: 128, reserved: 0, minUnit: 1, maxUnit: 128, stepSize: 1, allocationRatio: 4 };

describe("inventory fields: each refusal says what is wrong with that field", () => {
  it.each([
    ["total", -5, "must be at least 0"],
    ["total", 1.5, "must be a whole number"],
    ["total", "lots", "must be a number"],
    ["reserved", -1, "must be at least 0"],
    ["minUnit", 0, "must be at least 1"],
    ["stepSize", 0, "must be at least 1"],
    ["allocationRatio", 0, "must be greater than 0"],
    ["allocationRatio", 5000, "must be at most 1000"],
    ["allocationRatio", "x", "must be a number"],
  ])("%s = %j: %s", (field, value, message) => {
    const result = inventoryFieldsObject.safeParse({ ...valid, [field]: value });
    expect(result.success).toBe(false);
    const issues = result.error?.issues ?? [];
    expect(issues.map((i) => [i.path.join("."), i.message])).toContainEqual([field, message]);
  });

  it("accepts a valid record", () => {
    expect(inventoryFieldsObject.safeParse(valid).success).toBe(true);
  });
});
