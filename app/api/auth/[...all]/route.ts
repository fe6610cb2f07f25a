import { authFor } from "~/server/auth";
import { AttemptLimiter } from "~/server/auth/limit";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const globalKey = Symbol.for("headroom.sign-in-attempts");
const attempts: AttemptLimiter = ((globalThis as { [globalKey]?: AttemptLimiter })[globalKey] ??= new AttemptLimiter());

/** The account a password sign-in names, if this is one. */
async function signInEmail(req: Request): Promise<string | null> {
  if (req.method !== "POST" || !new URL(req.url).pathname.endsWith("/sign-in/email")) return null;
  const body = (await req.clone().json().catch(() => null)) as { email?: unknown } | null;
  return typeof body?.email === "string" ? body.email.trim().toLowerCase().slice(0, 320) : "";
}

/** better-auth's own endpoints: sign-in (email and password, OIDC), sign-out, session; password sign-ins also limited per account. */
async function handler(req: Request): Promise<Response> {
  const email = await signInEmail(req);
  if (email !== null && !attempts.allow(email)) {
    const retry = attempts.retryAfter(email);
    return Response.json({ message: "Too many sign-in attempts for this account. Try again later.", code: "TOO_MANY_REQUESTS" }, { status: 429, headers: { "retry-after": String(retry) } });
  }
  return (await authFor(req)).handler(req);
}

export { handler as GET, handler as POST };
