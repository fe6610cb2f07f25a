"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "./trpc";

/** After a write: everything that shows providers, their use or the audit trail is out of date. */
export function useInvalidateInventory() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.providers.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.overview.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() }),
      queryClient.invalidateQueries({ queryKey: ["health"] }),
    ]);
  }, [queryClient, trpc]);
}
