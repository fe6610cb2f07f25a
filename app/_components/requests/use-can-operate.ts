"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../_lib/trpc";

/**
 * Whether the signed-in person may submit, cancel, retry and delete requests (operatorProcedure: an
 * operator or an admin). Undefined while unknown. The server decides; this only hides what it would refuse.
 */
export function useCanOperate(): boolean | undefined {
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.users.me.queryOptions(), retry: false, staleTime: 60_000 });
  if (!me.data) return me.isError ? false : undefined;
  return me.data.role === "operator" || me.data.role === "admin";
}
