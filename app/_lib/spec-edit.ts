/** Immutable edits of a scenario spec by field path (the form's state), and defaults for new items. Pure. */
export type Path = (string | number)[];

export function getIn(obj: unknown, path: Path): unknown {
  let cur: unknown = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

export function setIn<T>(obj: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [k, ...rest] = path;
  const base: unknown = obj ?? (typeof k === "number" ? [] : {});
  if (Array.isArray(base)) {
    const copy = [...base];
    copy[k as number] = setIn(copy[k as number], rest, value);
    return copy as T;
  }
  const copy: Record<string | number, unknown> = { ...(base as Record<string | number, unknown>) };
  if (value === undefined && rest.length === 0) delete copy[k!];
  else copy[k!] = setIn(copy[k!], rest, value);
  return copy as T;
}

export function removeAt<T>(obj: T, path: Path, index: number): T {
  const list = (getIn(obj, path) as unknown[] | undefined) ?? [];
  return setIn(obj, path, list.filter((_, i) => i !== index));
}

export function append<T>(obj: T, path: Path, item: unknown): T {
  const list = (getIn(obj, path) as unknown[] | undefined) ?? [];
  return setIn(obj, path, [...list, item]);
}

export const NEW_SERVICE = (n: number) => ({
  id: `service-${n}`, vm: { vcpu: 4, memoryMb: 8192, diskGb: 0 }, rpsPerInstance: 50, minInstances: 2, maxInstances: 200,
  targetUtilization: 0.6, cooldownSeconds: 120, bootSeconds: 90, load: { kind: "profile", profile: "diurnal", baseRps: 500 },
});
export const NEW_CHURN = (n: number) => ({ id: `churn-${n}`, vm: { vcpu: 2, memoryMb: 4096, diskGb: 0 }, arrivals: { kind: "rate", perHour: 100 }, meanLifetimeHours: 1, whenFull: "reject" });
export const NEW_FAILURE = (target: string) => ({ kind: "target", target, atHours: 12, repairHours: 2 });
