import { reportPdf } from "~/server/reports/pdf";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/reports/pdf?<the report page's parameters>: the capacity report printed to PDF by Chromium. */
export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const forward: Record<string, string> = {};
  for (const name of ["cookie", "authorization", "x-headroom-user"]) {
    const value = request.headers.get(name);
    if (value) forward[name] = value;
  }
  try {
    const pdf = await reportPdf(url.origin, url.searchParams.toString(), forward);
    const day = new Date().toISOString().slice(0, 10);
    return new Response(new Uint8Array(pdf), {
      headers: { "content-type": "application/pdf", "content-disposition": `attachment; filename="headroom-capacity-report-${day}.pdf"`, "cache-control": "no-store" },
    });
  } catch (error) {
    return new Response(`could not print the report: ${error instanceof Error ? error.message : String(error)}`, { status: 503, headers: { "content-type": "text/plain" } });
  }
}
