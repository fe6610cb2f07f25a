/**
 * The modules that register job kinds (registerJob), loaded before workers start and before a job is
 * sent. One line per module; add yours here.
 */
export const jobModules: (() => Promise<unknown>)[] = [
  () => import("../reports/jobs"),
  () => import("../scenarios/run-job"),
  () => import("../recommend/job"),
];

let loaded: Promise<void> | undefined;

export function loadJobModules(): Promise<void> {
  loaded ??= Promise.all(jobModules.map((load) => load())).then(() => undefined);
  return loaded;
}
