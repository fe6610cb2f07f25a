import { listProviders, query } from "./api";
import { expect, test } from "./fixtures";

type Summary = {
  byClass: { resourceClass: string; capacity: number; used: number }[];
  byZone: { zone: string | null; resourceClass: string; capacity: number; used: number }[];
};
type Zone = { name: string; racks: { name: string }[] };

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

  // Hosts by state: the counts add up to the hosts in the inventory.
  const stateCounts = await page.getByTestId("chart-hosts").locator('[data-testid="count-row"]').evaluateAll(
    (rows) => rows.map((r) => Number(r.getAttribute("data-count"))),
  );
  expect(stateCounts.some((n) => n > 0)).toBe(true);
});

test("room for more: each flavor's count is shown, and a smaller flavor never fits fewer than a larger one", async ({ page }) => {
  await page.goto("/");
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
  await page.getByTestId("chart-hosts").getByRole("button", { name: /^maintenance:/ }).click();
  await expect(page).toHaveURL(/\/providers\?kind=host&state=maintenance/);
  await expect(page.getByLabel("State")).toHaveValue("maintenance");
  await expect(page.getByTestId("provider-total")).toHaveText(String(inMaintenance.total));
  await expect(page.getByTestId("provider-row")).toHaveCount(Math.min(inMaintenance.total, 50));
  const states = await page.getByTestId("provider-row").locator("td:nth-child(3)").allInnerTexts();
  expect(states.length).toBeGreaterThan(0);
  expect(new Set(states.map((s) => s.trim()))).toEqual(new Set(["maintenance"]));
});
