import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { query } from "./api";
import { expect, test } from "./fixtures";

type Series = { points: { day: string; key: string; capacity: number; used: number }[]; keys: string[] };
type Runway = { runway: { class: string; zone: string | null }[] };

/** pdftotext/pdfinfo from poppler-utils, when the machine has them (CI installs them; see the README). */
function poppler(tool: string, args: string[]): string | null {
  try {
    return execFileSync(tool, args, { encoding: "utf8" });
  } catch {
    return null;
  }
}

test.describe("capacity report", () => {
  test("shows history, runway, consumers and stranded capacity; the range and split change what it draws", async ({ page, request }) => {
    await page.goto("/reports");
    await expect(page.getByRole("heading", { level: 1, name: "Capacity and runway" })).toBeVisible();
    await expect(page.locator('[data-report-ready="true"]')).toBeVisible({ timeout: 30_000 });
    // Every class and zone the server fits has a row, IPv4 addresses and floating IPs among them.
    const runway = await query<Runway>(request, "reports.runway", { windowDays: 180 });
    await expect(page.getByTestId("runway-row")).toHaveCount(runway.runway.length);
    await expect(page.locator('[data-testid="runway-row"][data-key="IPV4_ADDRESS/az1"]')).toBeVisible();
    await expect(page.locator('[data-testid="runway-row"][data-key="FLOATING_IP/region"]')).toBeVisible();
    await expect(page.getByTestId("runway-band")).toBeVisible();
    await expect(page.getByTestId("consumer-row").first()).toBeVisible();
    await expect(page.getByTestId("stranded-row")).toHaveCount(3);

    // Default: a year by zone: one layer per zone.
    const zones = await query<Series>(request, "reports.series", { resourceClass: "VCPU", by: "zone", from: new Date(Date.now() - 366 * 86_400_000).toISOString().slice(0, 10) });
    await expect(page.getByTestId("area-layer")).toHaveCount(zones.keys.length);
    await page.getByRole("button", { name: "90 days" }).click();
    await expect(page).toHaveURL(/range=90d/);
    await expect(page.getByTestId("usage-panel")).toContainText("last 90 days");
    await page.getByLabel("Split by").selectOption("rack");
    await expect(page).toHaveURL(/by=rack/);
    const racks = await query<Series>(request, "reports.series", { resourceClass: "VCPU", by: "rack", from: new Date(Date.now() - 91 * 86_400_000).toISOString().slice(0, 10) });
    await expect(page.getByTestId("area-layer")).toHaveCount(racks.keys.length);

    // The CSV holds what the chart drew: the 90 days by rack, one row per day and rack.
    const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
    const text = await (await csv.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
    const lines = text.trim().split(/\r?\n/);
    expect(lines[0]).toBe("day,rack,class,used,capacity,utilisation");
    const series = await query<Series>(request, "reports.series", { resourceClass: "VCPU", by: "rack", from: new URL(page.url()).searchParams.get("from") ?? new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10) });
    expect(lines.length - 1).toBe(series.points.length);
    expect(new Set(lines.slice(1).map((l) => l.split(",")[1])).size).toBe(racks.keys.length);
  });

  test("the PDF download is the report printed by Chromium: A4 pages with the report's text", async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto("/reports?range=6m&class=MEMORY_MB&by=hardwareModel");
    await expect(page.locator('[data-report-ready="true"]')).toBeVisible({ timeout: 30_000 });
    const [pdf] = await Promise.all([page.waitForEvent("download", { timeout: 150_000 }), page.getByTestId("download-pdf").click()]);
    expect(pdf.suggestedFilename()).toMatch(/^headroom-capacity-report-\d{4}-\d{2}-\d{2}\.pdf$/);
    const bytes = Buffer.concat(await (await pdf.createReadStream()).toArray());
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(bytes.length).toBeGreaterThan(20_000);
    // Page objects of the PDF (the /Type /Page dictionaries, not /Pages).
    const pages = bytes.toString("latin1").match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    expect(pages).toBeGreaterThanOrEqual(2);
    const dir = mkdtempSync(path.join(tmpdir(), "headroom-pdf-"));
    const file = path.join(dir, "report.pdf");
    writeFileSync(file, bytes);
    const info = poppler("pdfinfo", [file]);
    if (info !== null) {
      expect(info).toMatch(new RegExp(`Pages:\\s+${pages}\\b`));
      expect(info).toMatch(/Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);
      const words = poppler("pdftotext", ["-layout", file, "-"]) ?? "";
      for (const phrase of ["Capacity and runway", "Memory use over time, by hardware model", "Runway", "Top consumers", "Stranded capacity", "last 6 months"]) expect(words).toContain(phrase);
      // For people: the pages as images, to look at (HEADROOM_PDF_PNG=<folder>).
      if (process.env.HEADROOM_PDF_PNG) poppler("pdftoppm", ["-png", "-r", "60", file, path.join(process.env.HEADROOM_PDF_PNG, "report-page")]);
    }
  });
});
