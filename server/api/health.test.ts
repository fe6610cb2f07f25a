import { describe, expect, it } from "vitest";
import { backends, useTestDatabase } from "../../test/db/harness";
import { healthResponse } from "./health";

describe.each(backends())("GET /api/health on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "catalog" });

  it("answers 200 with the database kind and the provider count once it can serve", async () => {
    const empty = await healthResponse(async () => t.database.handle);
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({ ok: true, database: backend, providers: 0, provisioning: { driver: "simulated", simulated: true, workersAlive: 0 } });
    await t.caller().providers.create({ name: "health-region", kind: "region" });
    const one = await healthResponse(async () => t.database.handle);
    expect(await one.json()).toEqual({ ok: true, database: backend, providers: 1, provisioning: { driver: "simulated", simulated: true, workersAlive: 0 } });
  });
});

describe("GET /api/health when the database cannot serve", () => {
  it("answers 503 with ok: false and a reason", async () => {
    const response = await healthResponse(() => Promise.reject(new Error("PGlite data folder is locked")));
    expect(response.status).toBe(503);
    const body = (await response.json()) as { ok: boolean; reason: string };
    expect(body.ok).toBe(false);
    expect(body.reason).toContain("locked");
  });
});
