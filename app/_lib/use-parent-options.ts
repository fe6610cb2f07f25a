"use client";
import { useQueries } from "@tanstack/react-query";
import { allowedParents, type providerKinds } from "~/server/inventory/schemas";
import { useTRPC } from "./trpc";

type Kind = (typeof providerKinds)[number];
export type ParentOption = { id: string; name: string; kind: Kind };

/** The providers that may parent a provider of `kind` (region > zone > rack > host), by the shared rule. */
export function useParentOptions(kind: Kind | undefined) {
  const trpc = useTRPC();
  const kinds = kind ? allowedParents[kind].filter((k): k is Kind => k !== null) : [];
  const results = useQueries({
    queries: kinds.map((k) => trpc.providers.list.queryOptions({ kind: k, limit: 1000, offset: 0 })),
  });
  const options: ParentOption[] = results.flatMap((r) => (r.data?.items ?? []).map((p) => ({ id: p.id, name: p.name, kind: p.kind })));
  return {
    options,
    rootAllowed: kind ? allowedParents[kind].includes(null) : false,
    loading: results.some((r) => r.isPending),
    allowedKinds: kinds,
  };
}
