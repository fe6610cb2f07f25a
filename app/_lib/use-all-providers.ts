"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC, useTRPCClient, type RouterInputs, type RouterOutputs } from "./trpc";

type Filter = Omit<Exclude<RouterInputs["providers"]["list"], undefined>, "limit" | "offset">;
type Item = RouterOutputs["providers"]["list"]["items"][number];

const PAGE = 1000;

/** Every provider matching a filter, fetched page by page (the list API caps a page at 1,000). */
export function useAllProviders(filter: Filter, enabled = true) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  return useQuery({
    queryKey: [...trpc.providers.list.queryKey({ ...filter, limit: PAGE, offset: 0 }), "all-pages"],
    enabled,
    queryFn: async () => {
      const items: Item[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = await client.providers.list.query({ ...filter, limit: PAGE, offset });
        items.push(...page.items);
        if (page.items.length < PAGE || items.length >= page.total) return items;
      }
    },
  });
}
