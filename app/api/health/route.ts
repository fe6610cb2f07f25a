import { healthResponse } from "~/server/api/health";
import { getDb } from "~/server/db";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export function GET(): Promise<Response> {
  return healthResponse(getDb);
}
