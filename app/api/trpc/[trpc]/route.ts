import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "~/server/api/root";
import { createTRPCContext } from "~/server/api/trpc";
import { authFor } from "~/server/auth";
import { identify, sameOrigin } from "~/server/auth/identity";
import { getDb } from "~/server/db";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

async function handler(req: Request): Promise<Response> {
  if (req.method !== "GET" && !sameOrigin(req)) {
    return Response.json({ error: { message: "cross-origin writes are refused", code: "FORBIDDEN" } }, { status: 403 });
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    // The caller is who the session cookie or the Bearer token says, or nobody (role null: UNAUTHORIZED).
    createContext: async () => {
      const { db } = await getDb();
      const identity = await identify(db, await authFor(req), req.headers);
      return createTRPCContext({ db, user: identity?.user ?? "anonymous", role: identity?.role ?? null });
    },
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"}:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
