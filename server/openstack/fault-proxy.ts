import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { seededRandom } from "../../scheduler/random";

/**
 * The project's fault proxy: a small HTTP proxy in front of one OpenStack API that injects the
 * failures a real cloud produces: a 5xx, a 409, a connection reset before the request reaches the
 * API, a reset after the API acted (the answer is lost), and slow answers. Tests put one in front
 * of each service (the driver's `endpoint_overrides`) and check that every request still ends
 * active or failed with a reason, and that no lost answer makes a second server.
 */
export type Fault =
  | { kind: "status"; status: number; body?: unknown }
  /** Reset the client's connection without forwarding (nothing happened in the cloud). */
  | { kind: "reset-before" }
  /** Forward, let the API act, then reset the client's connection (the answer is lost). */
  | { kind: "reset-after" }
  /** Forward and answer, after this delay. */
  | { kind: "slow"; delayMs: number };

export type FaultRule = {
  /** Which requests the rule may hit, e.g. "POST /servers" (method and a path substring); empty: any. */
  match?: { method?: string; path?: string | RegExp };
  fault: Fault;
  /** Chance per matching request (0..1), drawn from the proxy's seeded generator. Default 1. */
  probability?: number;
  /** At most this many hits, then the rule is spent. Default unlimited. */
  times?: number;
};

export type FaultProxyStats = { requests: number; injected: Record<Fault["kind"], number>; log: { method: string; path: string; fault: string | null }[] };

export type FaultProxy = {
  url: string;
  stats: FaultProxyStats;
  setRules(rules: FaultRule[]): void;
  close(): Promise<void>;
};

export async function startFaultProxy(opts: { target: string; rules?: FaultRule[]; seed?: number; port?: number }): Promise<FaultProxy> {
  const target = new URL(opts.target);
  let rules = (opts.rules ?? []).map((r) => ({ ...r, hits: 0 }));
  const random = seededRandom(opts.seed ?? 1);
  const stats: FaultProxyStats = { requests: 0, injected: { status: 0, "reset-before": 0, "reset-after": 0, slow: 0 }, log: [] };

  const pick = (method: string, path: string): Fault | null => {
    for (const r of rules) {
      if (r.times !== undefined && r.hits >= r.times) continue;
      const m = r.match ?? {};
      if (m.method && m.method.toUpperCase() !== method) continue;
      if (m.path && !(typeof m.path === "string" ? path.includes(m.path) : m.path.test(path))) continue;
      if (random() >= (r.probability ?? 1)) continue;
      r.hits++;
      return r.fault;
    }
    return null;
  };

  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse, after: (status: number, headers: IncomingMessage["headers"], payload: Buffer) => void) => {
    const headers = { ...req.headers, host: target.host, connection: "close" };
    const up = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: false }, (ur) => {
      const chunks: Buffer[] = [];
      ur.on("data", (c: Buffer) => chunks.push(c));
      ur.on("end", () => after(ur.statusCode ?? 502, ur.headers, Buffer.concat(chunks)));
    });
    up.on("error", (e) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json", connection: "close" });
      res.end(JSON.stringify({ proxyError: { message: `fault proxy: upstream ${target.host}: ${e.message}` } }));
    });
    up.end(body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const method = req.method ?? "GET";
      const path = new URL(req.url ?? "/", "http://x").pathname;
      stats.requests++;
      const fault = pick(method, path);
      stats.log.push({ method, path, fault: fault ? fault.kind + (fault.kind === "status" ? ` ${fault.status}` : "") : null });
      if (fault) stats.injected[fault.kind]++;
      const reply = (status: number, headers: IncomingMessage["headers"], payload: Buffer) => {
        const h = { ...headers, connection: "close" };
        delete h["transfer-encoding"];
        h["content-length"] = String(payload.length);
        res.writeHead(status, h);
        res.end(payload);
      };
      if (!fault) return forward(req, body, res, reply);
      switch (fault.kind) {
        case "status": {
          const payload = Buffer.from(JSON.stringify(fault.body ?? { injected: { code: fault.status, message: `fault proxy: injected ${fault.status}` } }));
          return reply(fault.status, { "content-type": "application/json" }, payload);
        }
        case "reset-before":
          return req.socket.destroy();
        case "reset-after":
          return forward(req, body, res, () => req.socket.destroy());
        case "slow":
          return void setTimeout(() => forward(req, body, res, reply), fault.delayMs);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    setRules(next) {
      rules = next.map((r) => ({ ...r, hits: 0 }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
