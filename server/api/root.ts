import { aggregatesRouter } from "./routers/aggregates";
import { auditRouter } from "./routers/audit";
import { catalogRouter } from "./routers/catalog";
import { consumersRouter } from "./routers/consumers";
import { importsRouter } from "./routers/imports";
import { inventoryRouter } from "./routers/inventory";
import { overviewRouter } from "./routers/overview";
import { providersRouter } from "./routers/providers";
import { recommendRouter } from "./routers/recommend";
import { reportsRouter } from "./routers/reports";
import { requestsRouter } from "./routers/requests";
import { runsRouter } from "./routers/runs";
import { scenariosRouter } from "./routers/scenarios";
import { syncRouter } from "./routers/sync";
import { tokensRouter } from "./routers/tokens";
import { traitsRouter } from "./routers/traits";
import { workersRouter } from "./routers/workers";
import { usersRouter } from "./routers/users";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  providers: providersRouter,
  inventory: inventoryRouter,
  traits: traitsRouter,
  aggregates: aggregatesRouter,
  catalog: catalogRouter,
  imports: importsRouter,
  overview: overviewRouter,
  audit: auditRouter,
  consumers: consumersRouter,
  requests: requestsRouter,
  scenarios: scenariosRouter,
  runs: runsRouter,
  workers: workersRouter,
  reports: reportsRouter,
  recommend: recommendRouter,
  users: usersRouter,
  tokens: tokensRouter,
  sync: syncRouter,
});

export type AppRouter = typeof appRouter;

/** In-process calls with no HTTP: tests and server components. */
export const createCaller = createCallerFactory(appRouter);
