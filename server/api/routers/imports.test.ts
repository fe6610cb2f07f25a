import { count, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { resourceProviders } from "../../../drizzle/schema";
import { backends, useTestDatabase } from "../../../test/db/harness";

const goodJson = JSON.stringify({
  providers: [
    // Children may come before their parents: the import orders them.
    { name: "imp-h1", kind: "host", parent: "imp-r1", hardwareModelId: "model-b", traits: ["HW_CPU_X86_AVX2", "CUSTOM_IMPORTED"],
      inventories: { VCPU: { total: 192, allocationRatio: 4 }, MEMORY_MB: { total: 786432, reserved: 8192 } }, aggregates: ["imp-agg"] },
    { name: "imp-region", kind: "region" },
    { name: "imp-az", kind: "zone", parent: "imp-region" },
    { name: "imp-r1", kind: "rack", parent: "imp-az" },
  ],
});

const goodCsv = [
  "name,kind,parent,hardware_model,traits,aggregates,VCPU.total,VCPU.allocation_ratio,MEMORY_MB.total,MEMORY_MB.reserved,attributes.serial",
  "csv-region,region,,,,,,,,,",
  "csv-az,zone,csv-region,,,,,,,,",
  "csv-r1,rack,csv-az,,,,,,,,",
  "csv-h1,host,csv-r1,model-a,HW_CPU_X86_AVX2;STORAGE_DISK_SSD,csv-agg,128,4,524288,4096,SN1",
  "csv-h2,host,csv-r1,model-a,HW_CPU_X86_AVX2,csv-agg,128,4,524288,4096,SN2",
].join("\n");

describe.each(backends())("imports.providers on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "catalog" });
  const countLike = async (prefix: string) =>
    (await t.db.select({ n: count() }).from(resourceProviders).where(like(resourceProviders.name, `${prefix}%`)))[0]?.n;

  it("imports a good JSON file, parents and aggregates by name", async () => {
    const api = t.caller("importer");
    const report = await api.imports.providers({ format: "json", content: goodJson });
    expect(report).toMatchObject({ ok: true, created: 4 });
    expect(report.rows.every((r) => r.ok && r.errors.length === 0)).toBe(true);
    const list = await api.providers.list({ search: "imp-h1" });
    const host = await api.providers.get({ id: list.items[0]?.id ?? "" });
    expect(host).toMatchObject({ zone: "imp-az", rack: "imp-r1", hardwareModel: "model-b" });
    expect(host.traits).toEqual(["CUSTOM_IMPORTED", "HW_CPU_X86_AVX2"]);
    expect(host.aggregates.map((a) => a.name)).toEqual(["imp-agg"]);
    expect(host.inventories.find((i) => i.resourceClass === "MEMORY_MB")).toMatchObject({ reserved: 8192, capacity: 786432 - 8192 });
    expect(host.audit[0]?.actor).toBe("importer");
  });

  it("imports a good CSV file", async () => {
    const api = t.caller();
    const report = await api.imports.providers({ format: "csv", content: goodCsv });
    expect(report).toMatchObject({ ok: true, created: 5 });
    const list = await api.providers.list({ rack: "csv-r1", kind: "host" });
    expect(list.items.map((i) => i.name)).toEqual(["csv-h1", "csv-h2"]);
    expect(list.items[0]?.usage.VCPU).toEqual({ capacity: 512, used: 0 });
    const detail = await api.providers.get({ id: list.items[0]?.id ?? "" });
    expect(detail.attributes).toEqual({ serial: "SN1" });
  });

  it("dry-runs: reports and writes nothing", async () => {
    const report = await t.caller().imports.providers({ format: "csv", content: goodCsv.replaceAll("csv-", "dry-"), dryRun: true });
    expect(report).toMatchObject({ ok: true, created: 0 });
    expect(await countLike("dry-")).toBe(0);
  });

  const jsonRows = (prefix: string) => (JSON.parse(goodJson.replaceAll("imp-", `${prefix}-`)) as { providers: Record<string, unknown>[] }).providers;
  const cases: { label: string; format: "csv" | "json"; prefix: string; content: string; row: number; field: string }[] = [
    { label: "csv: a number that is not", format: "csv", prefix: "bad1", row: 5, field: "inventories.VCPU.total",
      content: goodCsv.replaceAll("csv-", "bad1-").replace("bad1-agg,128,4,524288,4096,SN2", "bad1-agg,lots,4,524288,4096,SN2") },
    { label: "csv: a parent nowhere", format: "csv", prefix: "bad2", row: 4, field: "parent",
      content: goodCsv.replaceAll("csv-", "bad2-").replace("bad2-h1,host,bad2-r1", "bad2-h1,host,bad2-nowhere") },
    { label: "csv: reserved above total", format: "csv", prefix: "bad3", row: 5, field: "inventories.MEMORY_MB.reserved",
      content: goodCsv.replaceAll("csv-", "bad3-").replace("524288,4096,SN2", "524288,999999,SN2") },
    { label: "json: an unknown kind", format: "json", prefix: "bad4", row: 3, field: "kind",
      content: JSON.stringify(jsonRows("bad4").map((r, i) => (i === 2 ? { ...r, kind: "zoen" } : r))) },
    { label: "json: an unknown standard trait", format: "json", prefix: "bad5", row: 1, field: "traits[1]",
      content: JSON.stringify(jsonRows("bad5").map((r, i) => (i === 0 ? { ...r, traits: ["HW_CPU_X86_AVX2", "NOT_STANDARD"] } : r))) },
    { label: "json: a name twice", format: "json", prefix: "bad6", row: 5, field: "name",
      content: JSON.stringify([...jsonRows("bad6"), { name: "bad6-r1", kind: "rack", parent: "bad6-az" }]) },
  ];

  it.each(cases)("$label: writes nothing and reports row $row, field $field", async ({ format, prefix, content, row, field }) => {
    const report = await t.caller().imports.providers({ format, content });
    expect(report.ok).toBe(false);
    expect(report.created).toBe(0);
    const bad = report.rows.filter((r) => !r.ok);
    expect(bad.map((r) => r.row)).toEqual([row]);
    expect(bad[0]?.errors.map((e) => e.field)).toContain(field);
    expect(report.rows.length).toBeGreaterThanOrEqual(4);
    expect(await countLike(`${prefix}-`)).toBe(0);
  });

  it("reports an unreadable file as a whole", async () => {
    const report = await t.caller().imports.providers({ format: "json", content: "{ not json" });
    expect(report.ok).toBe(false);
    expect(report.rows[0]).toMatchObject({ row: 0, ok: false });
    expect(report.rows[0]?.errors[0]?.field).toBe("(file)");
  });
});
