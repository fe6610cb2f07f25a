/** The trace files a compiled scenario names (services' loads and churn arrival rates), as written in it. */
export function tracePaths(scenario: { services?: { load: unknown }[]; churn?: { arrivalsPerHour: unknown }[] }): string[] {
  const refs = [...(scenario.services ?? []).map((x) => x.load), ...(scenario.churn ?? []).map((c) => c.arrivalsPerHour)];
  const paths = refs.flatMap((r) => (typeof r === "object" && r !== null && "trace" in r && typeof r.trace === "string" ? [r.trace] : []));
  return [...new Set(paths)].sort();
}
