import { listProviders } from "./api";
import { expect, test } from "./fixtures";

test("filtering the provider list narrows it, keeps the filter in the URL, and pages", async ({ page, request }) => {
  const hosts = await listProviders(request, { kind: "host", limit: 1 });
  expect(hosts.total).toBeGreaterThan(50);

  await page.goto("/providers");
  await expect(page.getByTestId("provider-row").first()).toBeVisible();

  await page.getByLabel("Kind").selectOption("host");
  await expect(page).toHaveURL(/[?&]kind=host/);
  await expect(page.getByTestId("provider-total")).toHaveText(hosts.total.toLocaleString("en-US"));
  const kinds = await page.getByTestId("provider-row").locator("td:nth-child(2)").allInnerTexts();
  expect(kinds.length).toBeGreaterThan(0);
  expect(new Set(kinds.map((k) => k.trim()))).toEqual(new Set(["host"]));

  // Narrow to one rack of one zone: every row sits in that rack, and the count is the server's.
  const first = (await listProviders(request, { kind: "host", limit: 1 })).items[0]!;
  await page.getByLabel("Zone").selectOption(first.zone!);
  await page.getByLabel("Rack").selectOption(first.rack!);
  await expect(page).toHaveURL(new RegExp(`rack=${first.rack}`));
  const inRack = await listProviders(request, { kind: "host", zone: first.zone, rack: first.rack, limit: 1 });
  await expect(page.getByTestId("provider-total")).toHaveText(String(inRack.total));
  await expect(page.getByTestId("provider-row")).toHaveCount(inRack.total);
  // The selection's headroom is summed over every match.
  await expect(page.getByTestId("selection-summary")).toContainText(`${inRack.total} host${inRack.total === 1 ? "" : "s"}`);
  const locations = await page.getByTestId("provider-row").locator("td:nth-child(4)").allInnerTexts();
  expect(new Set(locations.map((l) => l.trim()))).toEqual(new Set([first.rack]));

  // The URL is the filter: a second tab opened on it shows the same view.
  const shared = await page.context().newPage();
  await shared.goto(page.url());
  await expect(shared.getByLabel("Rack")).toHaveValue(first.rack!);
  await expect(shared.getByTestId("provider-row")).toHaveCount(inRack.total);
  await shared.close();

  // Search by name, then clear every filter.
  await page.getByRole("button", { name: /Clear filters/ }).click();
  await page.getByLabel("Search name").fill(first.name);
  await expect(page).toHaveURL(new RegExp(`search=${first.name}`));
  await expect(page.getByTestId("provider-row").first()).toHaveAttribute("data-name", first.name);
});

test("pagination moves through the hosts page by page", async ({ page, request }) => {
  const hosts = await listProviders(request, { kind: "host", limit: 25, offset: 25 });
  await page.goto("/providers?kind=host&size=25");
  await expect(page.getByTestId("provider-row")).toHaveCount(25);
  await page.getByRole("button", { name: "Next page" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByTestId("provider-row").first()).toHaveAttribute("data-name", hosts.items[0]!.name);
  await expect(page.getByText(`26–50 of ${hosts.total.toLocaleString("en-US")}`)).toBeVisible();
});

test("column headers sort the list on the server, keep the order in the URL, and say it with aria-sort", async ({ page, request }) => {
  const names = async () => page.getByTestId("provider-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-name")));
  const header = (name: string) => page.getByRole("columnheader", { name: new RegExp(`^${name}`) });

  await page.goto("/providers?kind=host&size=25");
  await expect(header("Name")).toHaveAttribute("aria-sort", "ascending");
  await expect(header("State")).toHaveAttribute("aria-sort", "none");

  // A click sorts by state; a second click turns it round. Each time the rows are the server's first page.
  for (const [sort, aria] of [["state", "ascending"], ["-state", "descending"]] as const) {
    await header("State").getByRole("button").click();
    await expect(page).toHaveURL(new RegExp(`[?&]sort=${sort}(&|$)`));
    await expect(header("State")).toHaveAttribute("aria-sort", aria);
    await expect(header("Name")).toHaveAttribute("aria-sort", "none");
    const expected = await listProviders(request, { kind: "host", sort, limit: 25 });
    await expect.poll(names).toEqual(expected.items.map((i) => i.name));
  }

  // By keyboard: Tab lands on the vCPU header's button, Enter sorts fullest first, on page 1 again.
  await page.getByRole("button", { name: "Next page" }).click();
  await expect(page).toHaveURL(/page=2/);
  await header("Memory").getByRole("button").focus();
  await page.keyboard.press("Shift+Tab");
  await expect(header("vCPU").getByRole("button")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/[?&]sort=-util\.VCPU(&|$)/);
  await expect(page).not.toHaveURL(/page=2/);
  await expect(header("vCPU")).toHaveAttribute("aria-sort", "descending");
  const fullest = await listProviders(request, { kind: "host", sort: "-util.VCPU", limit: 25 });
  await expect.poll(names).toEqual(fullest.items.map((i) => i.name));

  // The URL is the order: a shared link opens sorted; a sort the API would refuse is the default order.
  const shared = await page.context().newPage();
  await shared.goto(page.url());
  await expect(shared.getByRole("columnheader", { name: /^vCPU/ })).toHaveAttribute("aria-sort", "descending");
  await shared.goto("/providers?kind=host&size=25&sort=colour");
  await expect(shared.getByRole("columnheader", { name: /^Name/ })).toHaveAttribute("aria-sort", "ascending");
  const byName = await listProviders(request, { kind: "host", limit: 25 });
  await expect.poll(() => shared.getByTestId("provider-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-name"))))
    .toEqual(byName.items.map((i) => i.name));
  await shared.close();
});
