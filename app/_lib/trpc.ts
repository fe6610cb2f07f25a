"use client";
/**
 * The browser's tRPC client: `useTRPC()` gives typed queryOptions/mutationOptions for
 * @tanstack/react-query. Only the router's TYPE comes from server/; nothing of the server is bundled.
 */
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "~/server/api/root";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
