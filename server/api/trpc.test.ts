import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { backends, useTestDatabase } from "../../test/db/harness";
import { appRouter } from "./root";
import { createTRPCContext } from "./trpc";

type ErrorBody = { error: { message: string; data: { code: string; field: string | null; fieldErrors: Record<string, string[]>; zodError: unknown } } };

describe.each(backends())("tRPC over HTTP on %s", (backend) => {
  const t = useTestDatabase(backend, { seed: "catalog" });
  const call = (path: string, input: unknown, user?: string) =>
    fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request(`http://localhost/api/trpc/${path}`, {
        method: "POST", body: JSON.stringify(input),
        headers: { "content-type": "application/json", ...(user && { "x-headroom-user": user }) },
      }),
      router: appRouter,
      createContext: ({ req }) => createTRPCContext({ db: t.db, user: req.headers.get("x-headroom-user") }),
    });

  it("flattens zod errors so a form can show each beside its field", async () => {
    const response = await call("inventory.set", {
      providerId: "00000000-0000-4000-8000-000000000000", generation: 0, resourceClass: "VCPU", total: 4, reserved: 8,
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(body.error.data.fieldErrors)).toEqual(["reserved"]);
    expect(body.error.data.zodError).not.toBeNull();
  });

  it("names the field of a domain failure and records the header's user in the audit trail", async () => {
    const created = await call("providers.create", { name: "http-region", kind: "region" }, "carol");
    expect(created.status).toBe(200);
    const again = await call("providers.create", { name: "http-region", kind: "region" }, "carol");
    expect(again.status).toBe(409);
    const body = (await again.json()) as ErrorBody;
    expect(body.error.data.field).toBe("name");
    expect(body.error.data.fieldErrors.name?.[0]).toMatch(/already exists/);
    const audit = await t.caller().audit.recent({ limit: 1 });
    expect(audit[0]).toMatchObject({ actor: "carol", action: "provider.create" });
  });
});
