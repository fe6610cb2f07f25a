import { describe, expect, it } from "vitest";
import { byClassOrder } from "./class-order";

describe("byClassOrder", () => {
  it("puts compute first, then storage, then network, then anything else alphabetically", () => {
    expect(["CUSTOM_B", "IPV4_ADDRESS", "VOLUME_GB", "CUSTOM_A", "MEMORY_MB", "VCPU"].sort(byClassOrder))
      .toEqual(["VCPU", "MEMORY_MB", "VOLUME_GB", "IPV4_ADDRESS", "CUSTOM_A", "CUSTOM_B"]);
  });
});
