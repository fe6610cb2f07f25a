import type { APIRequestContext } from "@playwright/test";
import { listProviders, query } from "./api";
import { expect, test } from "./fixtures";

type Summary = {
  byClass: { resourceClass: string; capacity: number; used: number }[];
  byZone: { zone: string | null; resourceClass: string; capacity: number; used: number }[];
};
type Zone = { name: string; racks: { name: string }[] };
type Usage = Record<string, { capacity: number; used: number } | undefined>;
type Host = { name: string; state: string; zone: string | null; rack: string | null; traits: string[]; usage: Usage };
type Flavor = { id: string; vcpus: number; memoryMb: number; diskGb: number; requiredTraits: string[]; forbiddenTraits: string[] };

/**
 * Every host with its own figures, page by page from providers.list: the independent side of the
 * comparisons below (the page itself reads only the server's aggregates).
 */
async function everyHost(request: APIRequestContext, filter: Record<string, string> = {}): Promise<Host[]> {
  const hosts: Host[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await query<{ items: Host[] }>(request, "providers.list", { kind: "host", ...filter, limit: 1000, offset });
    hosts.push(...page.items);
    if (page.items.length < 1000) return hosts;
  }
}

/** How many more of a flavor fit, written out here on its own: per active, trait-eligible host, the floor of free / asked, least over the classes. */
function roomFor(hosts: readonly Host[], f: Flavor): number {
  const asked: [string, number][] = [["VCPU", f.vcpus], ["MEMORY_MB", f.memoryMb], ...(f.diskGb > 0 ? [["DISK_GB", f.diskGb] as [string, number]] : [])];
  let total = 0;
  for (const h of hosts) {
    if (h.state !== "active" || f.requiredTraits.some((t) => !h.traits.includes(t)) || f.forbiddenTraits.some((t) => h.traits.includes(t))) continue;
    total += Math.min(...asked.map(([rc, n]) => {
      const u = h.usage[rc];
      return u ? Math.floor(Math.max(0, u.capacity - u.used) / n) : 0;
    }));
  }
  return total;
}

test("the overview draws capacity against use with the server's figures", async ({ page, request }) => {
  const summary = await query<Summary>(request, "overview.summary");
  const zones = await query<Zone[]>(request, "catalog.zones");
  expect(summary.byClass.length).toBeGreaterThan(0);

  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();

  // One bar per resource class, each carrying the very numbers the API reports.
  const byClass = page.getByTestId("chart-by-class").getByTestId("capacity-row");
  await expect(byClass).toHaveCount(summary.byClass.length);
  const vcpu = summary.byClass.find((c) => c.resourceClass === "VCPU");
  expect(vcpu, "the demo data centre has vCPU").toBeDefined();
  const vcpuRow = page.getByTestId("chart-by-class").locator('[data-testid="capacity-row"][data-label="vCPU"]');
  await expect(vcpuRow).toHaveAttribute("data-capacity", String(vcpu!.capacity));
  await expect(vcpuRow).toHaveAttribute("data-used", String(vcpu!.used));
  expect(vcpu!.capacity).toBeGreaterThan(0);
  // The bar's fill is proportional to use: its width over the track's is used / capacity.
  const [track, fill] = await vcpuRow.locator("rect").evaluateAll((rects) => rects.map((r) => Number(r.getAttribute("width"))));
  expect(fill! / track!).toBeCloseTo(vcpu!.used / vcpu!.capacity, 2);

  // Per zone: a small chart per class, one row per zone.
  const zoneRows = page.getByTestId("chart-by-zone").getByTestId("capacity-row");
  await expect(zoneRows).toHaveCount(summary.byZone.length);

  // Per rack: one heat cell per rack that holds hosts.
  const rackCount = zones.reduce((n, z) => n + z.racks.length, 0);
  await expect(page.getByTestId("chart-racks").getByTestId("heat-cell")).toHaveCount(rackCount);
  // A rack's colour is its fullest class, as summed here from the rack's own hosts.
  const zone = zones[0]!.name;
  const rack = zones[0]!.racks.at(-1)!.name;
  const inRack = await everyHost(request, { zone, rack });
  const fullest = Math.max(...["VCPU", "MEMORY_MB", "DISK_GB"].map((rc) => {
    const capacity = inRack.reduce((s, h) => s + (h.usage[rc]?.capacity ?? 0), 0);
    const used = inRack.reduce((s, h) => s + (h.usage[rc]?.used ?? 0), 0);
    return capacity > 0 ? Math.min(used / capacity, 1) : 0;
  }));
  const cell = page.getByTestId("chart-racks").locator(`[data-testid="heat-cell"][aria-label^="${rack}: "]`);
  await expect(cell).toHaveAttribute("data-fraction", fullest.toFixed(4));
  await expect(cell).toHaveAttribute("aria-label", new RegExp(`${inRack.length} hosts$`));

  // Hosts by state: the counts add up to the hosts in the inventory.
  const stateCounts = await page.getByTestId("chart-hosts").locator('[data-testid="count-row"]').evaluateAll(
    (rows) => rows.map((r) => Number(r.getAttribute("data-count"))),
  );
  expect(stateCounts.some((n) => n > 0)).toBe(true);
});

test("room for more: each flavor's count is the host-by-host count, and a smaller flavor never fits fewer than a larger one", async ({ page, request }) => {
  const [flavors, hosts] = await Promise.all([query<Flavor[]>(request, "catalog.flavors"), everyHost(request)]);
  await page.goto("/");
  const rows = page.getByTestId("flavor-row");
  await expect(rows).toHaveCount(flavors.length);
  for (const f of flavors) {
    await expect(page.locator(`[data-testid="flavor-row"][data-flavor="${f.id}"]`), f.id).toHaveAttribute("data-instances", String(roomFor(hosts, f)));
  }
  const count = async (flavor: string) =>
    Number(await page.locator(`[data-testid="flavor-row"][data-flavor="${flavor}"]`).getAttribute("data-instances"));
  await expect(page.locator('[data-testid="flavor-row"][data-flavor="m1.small"]')).toBeVisible();
  const [small, medium, large, xlarge] = await Promise.all(["m1.small", "m1.medium", "m1.large", "m1.xlarge"].map(count));
  expect(small).toBeGreaterThan(0);
  // m1.small < m1.medium < m1.large < m1.xlarge in every dimension.
  expect(small).toBeGreaterThanOrEqual(medium!);
  expect(medium).toBeGreaterThanOrEqual(large!);
  expect(large).toBeGreaterThanOrEqual(xlarge!);
});

test("a rack in the heat strip opens the list of its hosts", async ({ page }) => {
  await page.goto("/");
  const cell = page.getByTestId("heat-cell").first();
  await cell.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/providers\?kind=host&zone=[^&]+&rack=/);
  await expect(page.getByTestId("provider-row").first()).toBeVisible();
});

test("a state in 'Hosts by state' lists the hosts in that state", async ({ page, request }) => {
  const inMaintenance = await listProviders(request, { kind: "host", state: "maintenance", limit: 1 });
  expect(inMaintenance.total, "the demo data centre has hosts in maintenance").toBeGreaterThan(0);
  await page.goto("/");
  await page.getByTestId("chart-hosts").getByRole("button", { name: /^maintenance/ }).click();
  await expect(page).toHaveURL(/\/providers\?kind=host&state=maintenance/);
  await expect(page.getByLabel("State")).toHaveValue("maintenance");
  await expect(page.getByTestId("provider-total")).toHaveText(String(inMaintenance.total));
  await expect(page.getByTestId("provider-row")).toHaveCount(Math.min(inMaintenance.total, 50));
  const states = await page.getByTestId("provider-row").locator("td:nth-child(3)").allInnerTexts();
  expect(states.length).toBeGreaterThan(0);
  expect(new Set(states.map((s) => s.trim()))).toEqual(new Set(["maintenance"]));
});
