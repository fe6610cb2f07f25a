import { describe, expect, it } from "vitest";
import { createCaller } from "../../server/api/root";
import { createTRPCContext } from "../../server/api/trpc";
import { backends, useTestDatabase } from "./harness";

describe.each(backends())("users and tokens through the API on %s", (backend) => {
  const t = useTestDatabase(backend);
  const as = (user: string) => createCaller(createTRPCContext({ db: t.db, user, role: "admin" }));

  it("keeps at least one admin and never removes the caller; every change is audited with who made it", async () => {
    const root = await as("root@x").users.create({ email: "Root@X.example", name: "Root", role: "admin", password: "a-long-password-1" });
    expect(root.email).toBe("root@x.example"); // emails are kept in lower case, as better-auth looks them up
    await expect(as("root@x.example").users.setRole({ id: root.id, role: "viewer" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect(as("root@x.example").users.remove({ id: root.id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    const second = await as("root@x.example").users.create({ email: "two@x.example", name: "Two", role: "admin", password: "a-long-password-2" });
    await expect(as("root@x.example").users.remove({ id: root.id })).rejects.toMatchObject({ message: expect.stringContaining("your own account") });
    await as("two@x.example").users.setRole({ id: root.id, role: "planner" });
    await expect(as("root@x.example").users.create({ email: "two@x.example", name: "Again", role: "viewer", password: "a-long-password-3" }))
      .rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("email") });
    await as("root@x.example").users.remove({ id: second.id }).catch(() => undefined); // the last admin: refused
    const users = await as("two@x.example").users.list();
    expect(users.map((u) => [u.email, u.role])).toEqual([["root@x.example", "planner"], ["two@x.example", "admin"]]);
    const audit = await as("two@x.example").users.audit();
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ["user.setRole", "two@x.example"], ["user.create", "root@x.example"], ["user.create", "root@x"],
    ]);
  });

  it("tokens: shown once, listed without the secret, revoked once, never as admin", async () => {
    const api = as("root@x.example");
    const token = await api.tokens.create({ name: "ci", role: "planner", expiresInDays: 7 });
    expect(token.token).toMatch(/^hr_[A-Za-z0-9_-]{40,}$/);
    const listed = await api.tokens.list();
    expect(JSON.stringify(listed)).not.toContain(token.token);
    expect(listed[0]).toMatchObject({ name: "ci", role: "planner", createdBy: "root@x.example", revokedAt: null });
    await expect(api.tokens.create({ name: "ci", role: "viewer", expiresInDays: 1 })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(api.tokens.create({ name: "root", role: "admin" as never, expiresInDays: 1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await api.tokens.revoke({ id: token.id });
    await expect(api.tokens.revoke({ id: token.id })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await api.tokens.list())[0]).toMatchObject({ revokedBy: "root@x.example" });
  });
});
