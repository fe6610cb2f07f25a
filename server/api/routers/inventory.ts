import { removeInventory, setInventory } from "../../inventory/inventory-write";
import { inventoryRemoveInput, inventorySetInput } from "../../inventory/schemas";
import { createTRPCRouter, publicProcedure, unwrap } from "../trpc";

export const inventoryRouter = createTRPCRouter({
  set: publicProcedure
    .input(inventorySetInput)
    .mutation(async ({ ctx, input }) => unwrap(await setInventory(ctx.db, input, ctx.user))),

  remove: publicProcedure
    .input(inventoryRemoveInput)
    .mutation(async ({ ctx, input }) => unwrap(await removeInventory(ctx.db, input, ctx.user))),
});
