import {
  listFlavors, listHardwareModels, listResourceClasses, listVolumeTypes, listZones,
} from "../../inventory/catalog";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const catalogRouter = createTRPCRouter({
  resourceClasses: publicProcedure.query(({ ctx }) => listResourceClasses(ctx.db)),
  zones: publicProcedure.query(({ ctx }) => listZones(ctx.db)),
  hardwareModels: publicProcedure.query(({ ctx }) => listHardwareModels(ctx.db)),
  flavors: publicProcedure.query(({ ctx }) => listFlavors(ctx.db)),
  volumeTypes: publicProcedure.query(({ ctx }) => listVolumeTypes(ctx.db)),
});
