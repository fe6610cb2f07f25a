import { randomBytes } from "node:crypto";
import { userCreateInput, userIdInput, userSetPasswordInput, userSetRoleInput } from "../../auth/schemas";
import { accessAudit, createUser, listUsers, removeUser, setUserPassword, setUserRole } from "../../auth/users";
import { adminProcedure, createTRPCRouter, unwrap, viewerProcedure } from "../trpc";

export const usersRouter = createTRPCRouter({
  /** Who this caller is: the shell header shows it. */
  me: viewerProcedure.query(({ ctx }) => ({ user: ctx.user, role: ctx.role })),

  list: adminProcedure.query(({ ctx }) => listUsers(ctx.db)),

  /** Who changed which account or token, newest first. */
  audit: adminProcedure.query(({ ctx }) => accessAudit(ctx.db, 100)),

  create: adminProcedure.input(userCreateInput).mutation(async ({ ctx, input }) => unwrap(await createUser(ctx.db, input, ctx.user))),

  setRole: adminProcedure.input(userSetRoleInput).mutation(async ({ ctx, input }) => unwrap(await setUserRole(ctx.db, input, ctx.user))),

  setPassword: adminProcedure.input(userSetPasswordInput).mutation(async ({ ctx, input }) => unwrap(await setUserPassword(ctx.db, input, ctx.user))),

  /**
   * A new password made here (as `headroom user add` makes one) and returned once, for the admin to
   * pass on by a separate channel: the user's sessions end, and the audit says who reset it.
   */
  resetPassword: adminProcedure.input(userIdInput).mutation(async ({ ctx, input }) => {
    const password = randomBytes(18).toString("base64url");
    const { id } = unwrap(await setUserPassword(ctx.db, { id: input.id, password }, ctx.user));
    return { id, password };
  }),

  remove: adminProcedure.input(userIdInput).mutation(async ({ ctx, input }) => unwrap(await removeUser(ctx.db, input.id, ctx.user))),
});
