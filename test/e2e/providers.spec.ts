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
