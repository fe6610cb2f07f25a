import { describe, expect, it } from "vitest";
import { parseCsvFile, parseJsonFile } from "./import-parse";

describe("parseCsvFile", () => {
  it("maps columns to the shape of the JSON import", () => {
    const parsed = parseCsvFile(
      "\uFEFFname,kind,parent,hardware_model,traits,aggregates,VCPU.total,VCPU.allocation_ratio,MEMORY_MB.min_unit,attributes.serial,extra\n" +
        "h1,host,r1,model-a,A_B; C_D,agg-1|agg-2,64,4,,SN1,x\n",
    );
    expect(parsed).toMatchObject({
      ok: true,
      rows: [{
        name: "h1", kind: "host", parent: "r1", hardwareModelId: "model-a", traits: ["A_B", "C_D"], aggregates: ["agg-1", "agg-2"],
        inventories: { VCPU: { total: 64, allocationRatio: 4 } }, attributes: { serial: "SN1" }, extra: "x",
      }],
    });
  });

  it.each([
    ["12", 12], ["1.5", 1.5], ["abc", "abc"],
  ])("keeps %s as %j so the schema can judge it", (cell, value) => {
    const parsed = parseCsvFile(`name,VCPU.total\nh,${cell}\n`);
    expect(parsed.ok && (parsed.rows[0] as { inventories: { VCPU: { total: unknown } } }).inventories.VCPU.total).toBe(value);
  });

  it("refuses a file without a name column", () => {
    expect(parseCsvFile("kind\nhost\n")).toMatchObject({ ok: false });
  });
});

describe("parseJsonFile", () => {
  it.each([
    ["[]", true], ['{"providers":[]}', true], ['{"x":1}', false], ["nope", false],
  ])("%s -> ok %s", (content, ok) => {
    expect(parseJsonFile(content).ok).toBe(ok);
  });
});
