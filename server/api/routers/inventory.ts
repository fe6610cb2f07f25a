import { removeInventory, setInventory } from "../../inventory/inventory-write";
import { inventoryRemoveInput, inventorySetInput } from "../../inventory/schemas";
import { createTRPCRouter, operatorProcedure, unwrap } from "../trpc";

export const inventoryRouter = createTRPCRouter({
  set: operatorProcedure
    .input(inventorySetInput)
    .mutation(async ({ ctx, input }) => unwrap(await setInventory(ctx.db, input, ctx.user))),

  remove: operatorProcedure
    .input(inventoryRemoveInput)
    .mutation(async ({ ctx, input }) => unwrap(await removeInventory(ctx.db, input, ctx.user))),
});
