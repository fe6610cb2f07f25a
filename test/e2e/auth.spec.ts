import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import type { PlaywrightWorkerArgs } from "@playwright/test";
import { demoAccount, DEMO_ADMIN, expect, signedOut, test } from "./fixtures";
import { listProviders, mutate } from "./api";

test.describe("signed out", () => {
  test.use(signedOut);

  test("a page sends you to the sign-in page, which names the demo accounts; the API refuses you", async ({ page, request }) => {
    await page.goto("/providers?kind=host");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fproviders%3Fkind%3Dhost$/);
    const demo = page.getByTestId("demo-accounts");
    for (const role of ["viewer", "planner", "operator", "admin"] as const) {
      await expect(demo.locator(`tr[data-role="${role}"]`)).toContainText(demoAccount(role).email);
    }
    // Reads and writes alike: UNAUTHORIZED, and the write changed nothing.
    const read = await request.get(`/api/trpc/providers.list?input=${encodeURIComponent(JSON.stringify({ limit: 1 }))}`);
    expect(read.status()).toBe(401);
    const name = `e2e-anon-${Date.now()}`;
    const write = await request.post("/api/trpc/providers.create", { data: { name, kind: "region" } });
    expect(write.status()).toBe(401);
    expect(((await write.json()) as { error: { data: { code: string } } }).error.data.code).toBe("UNAUTHORIZED");
    const bogus = await request.post("/api/trpc/providers.create", { data: { name, kind: "region" }, headers: { authorization: "Bearer hr_not-a-token" } });
    expect(bogus.status()).toBe(401);
  });

  test("a wrong password is refused on the page", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(demoAccount("viewer").email);
    await page.getByLabel("Password").fill("certainly-not-it");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("sign-in-error")).toContainText("Wrong email or password");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("a viewer signs in, reads, is refused a write (FORBIDDEN), and signs out", async ({ page, context }) => {
    const viewer = demoAccount("viewer");
    await page.goto("/sign-in?next=/providers");
    await page.getByRole("button", { name: "Use viewer" }).click();
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/providers$/);
    await expect(page.getByTestId("signed-in-user")).toHaveText(viewer.email);
    await expect(page.getByTestId("signed-in-role")).toHaveText("viewer");

    const cookie = (await context.cookies()).find((c) => c.name.endsWith("session_token"));
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    expect(cookie?.secure).toBe(false); // served over http here; Secure over https is tested in test/db/auth.test.ts

    const api = page.request;
    expect((await listProviders(api, { limit: 1 })).total).toBeGreaterThan(0);
    const write = await api.post("/api/trpc/providers.create", { data: { name: `e2e-viewer-${Date.now()}`, kind: "region" } });
    expect(write.status()).toBe(403);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    const after = await api.get(`/api/trpc/providers.list?input=${encodeURIComponent(JSON.stringify({ limit: 1 }))}`);
    expect(after.status()).toBe(401);
  });
});

test("by default a spec is the demo admin, in the header too", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("signed-in-user")).toHaveText(DEMO_ADMIN.email);
  await expect(page.getByTestId("signed-in-role")).toHaveText("admin");
  await expect(page.getByLabel("Acting as")).toHaveCount(0);
});

test("a cross-origin write with the session cookie is refused", async ({ request }) => {
  const response = await request.post("/api/trpc/providers.create", { data: { name: `e2e-csrf-${Date.now()}`, kind: "region" }, headers: { origin: "http://evil.example" } });
  expect(response.status()).toBe(403);
});

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

test("the client bundles and the server's log hold none of the configured secrets", async ({ page }) => {
  const secrets = { HEADROOM_AUTH_SECRET: process.env.HEADROOM_E2E_AUTH_SECRET, OS_PASSWORD: process.env.HEADROOM_E2E_CLOUD_PASSWORD };
  for (const [name, value] of Object.entries(secrets)) expect(value, `${name} is set for this run (playwright.config.ts)`).toBeTruthy();
  // Pages visited first, so the log has seen a sign-in, reads and a render of every kind.
  for (const url of ["/", "/providers", "/import", "/sign-in"]) await page.goto(url);
  const files = filesUnder(path.resolve(".next/static"));
  expect(files.length).toBeGreaterThan(0);
  const logFile = path.resolve(".data", `e2e-${process.env.HEADROOM_E2E_RUN}-server.log`);
  if (process.env.HEADROOM_E2E_REUSE !== "1") {
    expect(existsSync(logFile), logFile).toBe(true);
    files.push(logFile);
  }
  for (const file of files) {
    const text = readFileSync(file, "latin1");
    for (const [name, value] of Object.entries(secrets)) expect(text.includes(value!), `${name} found in ${file}`).toBe(false);
  }
});

test("an admin makes an API token on the tokens page; a script uses it as Bearer until it is revoked", async ({ page, playwright, baseURL }) => {
  const name = `e2e-token-${Date.now().toString(36)}`;
  await page.goto("/admin/tokens");
  const form = page.getByTestId("add-token-form");
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Role").selectOption("operator");
  await form.getByLabel("Expires in (days)").fill("0");
  await form.getByRole("button", { name: "Create token" }).click();
  await expect(form.locator('[data-field="expiresInDays"] .field-error')).toBeVisible();
  await form.getByLabel("Expires in (days)").fill("2");
  await form.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token-value").textContent())?.trim() ?? "";
  expect(token).toMatch(/^hr_/);
  await expect(page.locator(`[data-testid="tokens-table"] tr[data-name="${name}"]`)).toHaveAttribute("data-state", "active");

  // A script: no cookies, only the token.
  const script = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const region = `e2e-by-token-${Date.now().toString(36)}`;
  const created = await script.post("/api/trpc/providers.create", { data: { name: region, kind: "region" } });
  expect(created.status(), await created.text()).toBe(200);
  const { id } = ((await created.json()) as { result: { data: { id: string } } }).result.data;
  const detail = await script.get(`/api/trpc/providers.get?input=${encodeURIComponent(JSON.stringify({ id }))}`);
  const audit = ((await detail.json()) as { result: { data: { audit: { actor: string; action: string }[] } } }).result.data.audit;
  expect(audit.find((a) => a.action === "provider.create")?.actor).toBe(`token:${name}`);
  expect((await script.get("/api/trpc/tokens.list")).status()).toBe(403); // an operator token manages no tokens

  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.locator(`[data-testid="tokens-table"] tr[data-name="${name}"]`)).toHaveAttribute("data-state", "revoked");
  expect((await script.post("/api/trpc/providers.create", { data: { name: `${region}-2`, kind: "region" } })).status()).toBe(401);
  await script.dispose();

  // The access audit on the users page names who made and revoked it.
  await page.goto("/admin/users");
  await expect(page.getByTestId("access-audit").locator("tr", { hasText: "token.revoke" }).first()).toContainText(DEMO_ADMIN.email);
});

/** The HTTP status of a password sign-in from a fresh, cookie-less client. */
async function signInStatus(playwright: PlaywrightWorkerArgs["playwright"], baseURL: string, email: string, password: string): Promise<number> {
  const anon = await playwright.request.newContext({ baseURL });
  try {
    return (await anon.post("/api/auth/sign-in/email", { data: { email, password }, headers: { origin: baseURL } })).status();
  } finally {
    await anon.dispose();
  }
}

test("an admin resets a user's password on the users page: a new one shown once, the old one refused", async ({ page, playwright, baseURL }) => {
  const email = `e2e-reset-${Date.now().toString(36)}@example.com`;
  const first = "the-first-password-e2e";
  await mutate(page.request, "users.create", { email, name: "Reset Me", role: "viewer", password: first });
  const signIn = (password: string) => signInStatus(playwright, baseURL!, email, password);
  expect(await signIn(first)).toBe(200);

  await page.goto("/admin/users");
  const own = page.locator(`[data-testid="users-table"] tr[data-email="${DEMO_ADMIN.email}"]`);
  await expect(own).toBeVisible();
  await expect(own.getByRole("button", { name: /Reset the password/ })).toHaveCount(0); // not your own: it would end your session
  page.once("dialog", (dialog) => void dialog.dismiss());
  await page.getByRole("button", { name: `Reset the password of ${email}` }).click();
  await expect(page.getByTestId("reset-password")).toHaveCount(0); // dismissed: nothing reset
  expect(await signIn(first)).toBe(200);

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: `Reset the password of ${email}` }).click();
  await expect(page.getByTestId("reset-password")).toContainText(email);
  const password = (await page.getByTestId("reset-password-value").textContent())?.trim() ?? "";
  expect(password.length).toBeGreaterThanOrEqual(20);
  expect(await signIn(first)).toBe(401);
  expect(await signIn(password)).toBe(200);
  await expect(page.getByTestId("access-audit").locator("tr", { hasText: "user.setPassword" }).first()).toContainText(DEMO_ADMIN.email);
  await page.getByTestId("reset-password").getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("reset-password")).toHaveCount(0);
});

test("an admin adds a user on the users page: a short password is named and nothing made; then the user signs in with the role given", async ({ page, playwright, baseURL }) => {
  const email = `e2e-add-${Date.now().toString(36)}@example.com`;
  const signIn = (password: string) => signInStatus(playwright, baseURL!, email, password);
  await page.goto("/admin/users");
  const form = page.getByTestId("add-user-form");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill("Added In E2E");
  await form.getByLabel("Role").selectOption("planner");
  await form.getByLabel("Initial password").fill("short");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.locator("#user-password-error")).toBeVisible();
  await expect(form.getByLabel("Initial password")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(`[data-testid="users-table"] tr[data-email="${email}"]`)).toHaveCount(0);
  expect(await signIn("short")).toBe(401);

  const password = "a-long-enough-e2e-password";
  await form.getByLabel("Initial password").fill(password);
  await form.getByRole("button", { name: "Add user" }).click();
  const row = page.locator(`[data-testid="users-table"] tr[data-email="${email}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByLabel(`Role of ${email}`)).toHaveValue("planner");
  expect(await signIn(password)).toBe(200);
  await expect(page.getByTestId("access-audit").locator("tr", { hasText: email }).first()).toContainText(DEMO_ADMIN.email);
});

test.describe("as a viewer", () => {
  test.use(signedOut);
  test("the admin pages say admins only", async ({ page }) => {
    const viewer = demoAccount("viewer");
    await page.goto("/sign-in?next=/admin/users");
    await page.getByLabel("Email").fill(viewer.email);
    await page.getByLabel("Password").fill(viewer.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/admin\/users$/);
    await expect(page.getByTestId("admin-only")).toBeVisible();
  });
});
