import { tokenCreateInput, tokenIdInput } from "../../auth/schemas";
import { createToken, listTokens, revokeToken } from "../../auth/tokens";
import { adminProcedure, createTRPCRouter, unwrap } from "../trpc";

export const tokensRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => listTokens(ctx.db)),

  /** The answer carries the token itself: the only time it is shown. */
  create: adminProcedure.input(tokenCreateInput).mutation(async ({ ctx, input }) => unwrap(await createToken(ctx.db, input, ctx.user))),

  revoke: adminProcedure.input(tokenIdInput).mutation(async ({ ctx, input }) => unwrap(await revokeToken(ctx.db, input.id, ctx.user))),
});
