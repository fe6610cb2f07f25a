"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { useState, type ReactNode } from "react";
import type { AppRouter } from "~/server/api/root";
import { readActor } from "../_lib/actor";
import { TRPCProvider } from "../_lib/trpc";

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Inventory changes slowly and pages refetch on focus; a short stale time avoids request storms.
        staleTime: 15_000,
        retry: (failures, error) => failures < 2 && !isClientError(error),
      },
    },
  });
}

/** 4xx-like tRPC errors (not found, bad request, conflict) do not get better by retrying. */
function isClientError(error: unknown): boolean {
  const status = (error as { data?: { httpStatus?: number } } | null)?.data?.httpStatus;
  return typeof status === "number" && status >= 400 && status < 500;
}

export function AppProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: "/api/trpc",
          maxURLLength: 4000,
          // Who the audit trail names: the "Acting as" field in the header (no sign-in yet).
          headers: () => {
            const actor = readActor();
            return actor ? { "x-headroom-user": actor } : {};
          },
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
