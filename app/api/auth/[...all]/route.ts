import { authFor } from "~/server/auth";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** better-auth's own endpoints: sign-in (email and password, OIDC), sign-out, session. */
async function handler(req: Request): Promise<Response> {
  return (await authFor(req)).handler(req);
}

export { handler as GET, handler as POST };
