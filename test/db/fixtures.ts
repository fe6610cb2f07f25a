import type { createCaller } from "../../server/api/root";

type Api = ReturnType<typeof createCaller>;

/** A small tree through the API: region > zone > rack > hosts, each host 64 threads at 4.0 and 256 GiB. */
export async function smallTree(api: Api, prefix: string, hosts = 2) {
  const region = await api.providers.create({ name: `${prefix}-region`, kind: "region" });
  const zone = await api.providers.create({ name: `${prefix}-az`, kind: "zone", parentId: region.id });
  const rack = await api.providers.create({ name: `${prefix}-r1`, kind: "rack", parentId: zone.id });
  const hostIds: string[] = [];
  for (let i = 0; i < hosts; i++) {
    const h = await api.providers.create({
      name: `${prefix}-h${i + 1}`, kind: "host", parentId: rack.id, hardwareModelId: "model-a",
      inventories: {
        VCPU: { total: 64, allocationRatio: 4 },
        MEMORY_MB: { total: 262144, reserved: 4096, allocationRatio: 1.5 },
      },
      traits: ["HW_CPU_X86_AVX2"],
    });
    hostIds.push(h.id);
  }
  return { region: region.id, zone: zone.id, rack: rack.id, hosts: hostIds };
}

/** The TRPCError code of a rejected call (undefined when it did not fail). */
export async function codeOf(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

/** The fields a rejected call names: zod issue paths, or the domain failure's field. */
export async function fieldsOf(call: Promise<unknown>): Promise<string[]> {
  try {
    await call;
    return [];
  } catch (error) {
    const cause = (error as { cause?: { issues?: { path: PropertyKey[] }[]; field?: string } }).cause;
    if (cause?.issues) return cause.issues.map((i) => i.path.map(String).join("."));
    if (cause?.field) return [cause.field];
    return [];
  }
}
