import {
  listFlavors, listHardwareModels, listResourceClasses, listVolumeTypes, listZones,
} from "../../inventory/catalog";
import { createTRPCRouter, viewerProcedure } from "../trpc";

export const catalogRouter = createTRPCRouter({
  resourceClasses: viewerProcedure.query(({ ctx }) => listResourceClasses(ctx.db)),
  zones: viewerProcedure.query(({ ctx }) => listZones(ctx.db)),
  hardwareModels: viewerProcedure.query(({ ctx }) => listHardwareModels(ctx.db)),
  flavors: viewerProcedure.query(({ ctx }) => listFlavors(ctx.db)),
  volumeTypes: viewerProcedure.query(({ ctx }) => listVolumeTypes(ctx.db)),
});
