import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A FAKE of a few OpenStack API calls (Keystone tokens and catalog, Nova's servers and version
 * document) for the driver's unit tests where the sandbox is absent. It is not OpenStack and proves
 * nothing about one: the tests against the real control plane are the other files of test/openstack.
 */
export type FakeCloud = {
  url: string;
  servers: Map<string, { id: string; name: string; status: string; metadata: Record<string, string>; tags: string[]; host: string }>;
  tokensIssued: number;
  /** Nova's highest microversion in the version document. */
  maxMicroversion: string;
  /** Seconds a new token lives. */
  tokenTtlS: number;
  password: string;
  close(): Promise<void>;
};

export async function startFakeCloud(opts: { password: string }): Promise<FakeCloud> {
  const state: Omit<FakeCloud, "url" | "close"> = { servers: new Map(), tokensIssued: 0, maxMicroversion: "2.93", tokenTtlS: 3600, password: opts.password };
  let base = "";
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", connection: "close", ...headers });
    res.end(JSON.stringify(body));
  };
  const handle = (req: IncomingMessage, body: string, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://x");
    const p = url.pathname;
    if (req.method === "POST" && p === "/identity/v3/auth/tokens") {
      const b = JSON.parse(body);
      if (b.auth.identity.password.user.password !== state.password) return json(res, 401, { error: { code: 401, message: "The request you have made requires authentication." } });
      state.tokensIssued++;
      const catalog = ["compute", "placement", "volumev3", "network", "image"].map((type) => ({
        type,
        endpoints: [{ interface: "public", region_id: "RegionOne", url: type === "compute" ? `${base}/compute/v2.1` : `${base}/${type}` }],
      }));
      return json(res, 201, { token: { expires_at: new Date(Date.now() + state.tokenTtlS * 1000).toISOString(), project: { id: "p1" }, user: { id: "u1" }, catalog } }, { "x-subject-token": `tok-${state.tokensIssued}` });
    }
    if (!req.headers["x-auth-token"]) return json(res, 401, { error: { message: "no token" } });
    if (req.method === "GET" && p === "/compute/v2.1") return json(res, 200, { version: { id: "v2.1", version: state.maxMicroversion, min_version: "2.1" } });
    if (req.method === "GET" && p === "/compute/v2.1/flavors/detail") return json(res, 200, { flavors: [{ id: "f1", name: "m1.small", vcpus: 1, ram: 2048, disk: 10 }] });
    if (req.method === "GET" && p === "/image/v2/images/img") return json(res, 200, { id: "img" });
    if (req.method === "POST" && p === "/compute/v2.1/servers") {
      const s = JSON.parse(body).server;
      const id = randomUUID();
      state.servers.set(id, { id, name: s.name, status: "ACTIVE", metadata: s.metadata, tags: s.tags ?? [], host: s.host });
      return json(res, 202, { server: { id } });
    }
    if (req.method === "GET" && p === "/compute/v2.1/servers/detail") {
      // Nova's filters and paging as the driver uses them: by tag, oldest or newest first, limit and marker.
      const q = url.searchParams;
      const tag = q.get("tags");
      let list = [...state.servers.values()].filter((s) => !tag || s.tags.includes(tag));
      if (q.get("sort_dir") === "desc") list.reverse();
      const marker = q.get("marker");
      if (marker !== null) {
        const at = list.findIndex((s) => s.id === marker);
        if (at < 0) return json(res, 400, { badRequest: { code: 400, message: `marker [${marker}] not found` } });
        list = list.slice(at + 1);
      }
      if (q.get("limit") !== null) list = list.slice(0, Number(q.get("limit")));
      return json(res, 200, { servers: list.map((s) => ({ ...s, "OS-EXT-SRV-ATTR:host": s.host })) });
    }
    const m = /^\/compute\/v2\.1\/servers\/([^/]+)$/.exec(p);
    if (m) {
      const s = state.servers.get(m[1]!);
      if (!s) return json(res, 404, { itemNotFound: { code: 404, message: `Instance ${m[1]} could not be found.` } });
      if (req.method === "DELETE") {
        state.servers.delete(s.id);
        return json(res, 204, {});
      }
      return json(res, 200, { server: { ...s, "OS-EXT-SRV-ATTR:host": s.host } });
    }
    return json(res, 404, { itemNotFound: { message: `fake cloud: no route ${req.method} ${p}` } });
  };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => handle(req, body, res));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const cloud = state as FakeCloud;
  cloud.url = base;
  cloud.close = () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r())));
  return cloud;
}
