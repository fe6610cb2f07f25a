/**
 * Tiny tRPC-over-HTTP helpers for the browser tests: they read the truth the pages must show, and
 * set up providers, through the same endpoint the app uses (no transformer: plain JSON), as the
 * signed-in user of the `request` fixture (the demo admin unless the spec says otherwise).
 */
import { expect, type APIRequestContext } from "@playwright/test";

export async function query<T>(request: APIRequestContext, path: string, input?: unknown): Promise<T> {
  const qs = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await request.get(`/api/trpc/${path}${qs}`);
  expect(response.ok(), `${path}: HTTP ${response.status()} ${await response.text()}`).toBe(true);
  return ((await response.json()) as { result: { data: T } }).result.data;
}

export async function mutate<T>(request: APIRequestContext, path: string, input: unknown): Promise<T> {
  const response = await request.post(`/api/trpc/${path}`, { data: input });
  expect(response.ok(), `${path}: HTTP ${response.status()} ${await response.text()}`).toBe(true);
  return ((await response.json()) as { result: { data: T } }).result.data;
}

type ListItem = { id: string; name: string; kind: string; zone: string | null; rack: string | null };
type List = { total: number; items: ListItem[] };

export function listProviders(request: APIRequestContext, input: Record<string, unknown>): Promise<List> {
  return query<List>(request, "providers.list", { limit: 100, offset: 0, ...input });
}

/** A fresh host under the first rack, with a VCPU inventory and nothing allocated. */
export async function createHost(request: APIRequestContext, name: string, vcpu = 64): Promise<{ id: string; rack: string }> {
  const racks = await listProviders(request, { kind: "rack", limit: 1 });
  const rack = racks.items[0];
  if (!rack) throw new Error("the demo data centre has no rack");
  const created = await mutate<{ id: string }>(request, "providers.create", {
    name, kind: "host", parentId: rack.id, inventories: { VCPU: { total: vcpu, allocationRatio: 4 } },
  });
  return { id: created.id, rack: rack.name };
}

export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;
