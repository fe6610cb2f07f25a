import { count, ne } from "drizzle-orm";
import { resourceProviders } from "../../drizzle/schema";
import type { DbHandle } from "../db/client";
import { provisioningInfo, type ProvisioningInfo } from "../scheduler/workers-read";

export type Health =
  | { ok: true; database: "pglite" | "postgresql"; providers: number; provisioning?: ProvisioningInfo }
  | { ok: false; reason: string };

/**
 * GET /api/health, per the contract: 200 `{ ok: true, database, providers }` once the app can
 * serve (the database opened, migrated and answered), 503 `{ ok: false, reason }` while it cannot.
 * `providers` counts resource providers that are not retired.
 */
export async function healthResponse(open: () => Promise<DbHandle>): Promise<Response> {
  let body: Health;
  try {
    const handle = await open();
    const [row] = await handle.db.select({ n: count() }).from(resourceProviders).where(ne(resourceProviders.state, "retired"));
    // Additive (the contract's fields unchanged): which provisioning driver the workers use, and whether it is simulated.
    const provisioning = await provisioningInfo(handle.db).catch(() => undefined);
    body = { ok: true, database: handle.kind, providers: row?.n ?? 0, ...(provisioning && { provisioning }) };
  } catch (error) {
    body = { ok: false, reason: `database unavailable: ${error instanceof Error ? error.message : String(error)}` };
  }
  return Response.json(body, { status: body.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
