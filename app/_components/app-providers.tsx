"use client";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { useState, type ReactNode } from "react";
import type { AppRouter } from "~/server/api/root";
import { TRPCProvider } from "../_lib/trpc";

/** A session that ended (expired, signed out elsewhere, user removed): back to the sign-in page. */
function onAuthError(error: unknown) {
  const code = (error as { data?: { code?: unknown } } | null)?.data?.code;
  if (code !== "UNAUTHORIZED" || typeof window === "undefined" || window.location.pathname === "/sign-in") return;
  window.location.assign(`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
}

function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: onAuthError }),
    mutationCache: new MutationCache({ onError: onAuthError }),
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
