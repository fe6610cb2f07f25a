/**
 * The report as a PDF: Chromium (playwright-core, with the browser test/e2e/chromium.ts resolves:
 * HEADROOM_CHROMIUM or npm's @sparticuz/chromium) opens this app's own /reports page with the same
 * range and choices, in print media at the printable width of A4, waits until its data and charts
 * are drawn, and prints it to PDF with page numbers. One browser per request, closed after.
 */
import { resolveChromium } from "../../test/e2e/chromium";

/** A little under A4 less 12 mm margins each side at 96 dpi (703 px): the width the page lays out at, so charts fit the paper. */
const PRINT_WIDTH_PX = 680;

export async function reportPdf(origin: string, search: string, forward: Record<string, string> = {}): Promise<Buffer> {
  const { chromium } = await import("playwright-core");
  const launch = await resolveChromium();
  const browser = await chromium.launch({ executablePath: launch.executablePath, args: launch.args, headless: true });
  try {
    const context = await browser.newContext({ viewport: { width: PRINT_WIDTH_PX, height: 1000 }, extraHTTPHeaders: forward });
    const page = await context.newPage();
    await page.emulateMedia({ media: "print" });
    const params = new URLSearchParams(search);
    params.set("print", "1");
    await page.goto(`${origin}/reports?${params.toString()}`, { waitUntil: "networkidle", timeout: 60_000 });
    await page.waitForSelector('[data-report-ready="true"]', { timeout: 60_000 });
    await page.waitForSelector('[data-testid="usage-panel"] svg', { timeout: 30_000 });
    await page.waitForSelector('[data-testid="runway-detail"] svg', { timeout: 30_000 });
    await page.waitForLoadState("networkidle");
    const stamp = new Date().toISOString().slice(0, 16).replace("T", " ");
    return await page.pdf({
      format: "A4", printBackground: true, preferCSSPageSize: true, displayHeaderFooter: true,
      headerTemplate: `<div style="font-size:8px;width:100%;padding:0 12mm;color:#667;display:flex;justify-content:space-between"><span>Headroom · capacity report</span><span>${stamp} UTC</span></div>`,
      footerTemplate: `<div style="font-size:8px;width:100%;padding:0 12mm;color:#667;text-align:right">page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
    });
  } finally {
    await browser.close();
  }
}
