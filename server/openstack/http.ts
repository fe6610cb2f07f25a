import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { DriverError } from "../provisioning/port";

/**
 * One HTTP exchange with an OpenStack API over node:http (not fetch: uwsgi-served APIs need
 * `Connection: close` and a fresh socket per call, which fetch does not let a caller ask for).
 * Failures come back as DriverError with `retryable` set the way the port asks: 5xx, 409, timeouts
 * and reset connections may succeed later; 4xx other than 409 will not. Messages carry the method,
 * the path and the cloud's own words, never a header (the token lives in one).
 */
export type HttpAnswer = { status: number; headers: IncomingHttpHeaders; body: unknown; text: string };

export type HttpCall = {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
};

/** Where the request got to before it failed: a create whose request went out may have happened. */
export class TransportError extends DriverError {
  constructor(
    code: "timeout" | "unavailable",
    message: string,
    /** Whether the request was fully sent (its effect may exist in the cloud). */
    readonly sent: boolean,
  ) {
    super(code, message, true);
  }
}

export function send(call: HttpCall): Promise<HttpAnswer> {
  const url = new URL(call.url);
  const payload = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body));
  const headers: Record<string, string> = {
    Accept: "application/json",
    Connection: "close",
    ...(payload ? { "Content-Type": "application/json", "Content-Length": String(payload.length) } : {}),
    ...call.headers,
  };
  const requestFn = url.protocol === "https:" ? httpsRequest : httpRequest;
  const where = `${call.method} ${url.host}${url.pathname}`;
  return new Promise<HttpAnswer>((resolve, reject) => {
    let sent = false;
    let settled = false;
    const done = (fn: () => void) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        fn();
      }
    };
    const req = requestFn(url, { method: call.method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", (e) => done(() => reject(new TransportError("unavailable", `${where}: the answer broke off (${e.message})`, true))));
      res.on("end", () =>
        done(() => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: unknown = undefined;
          if (text.length > 0 && String(res.headers["content-type"] ?? "").includes("json")) {
            try {
              body = JSON.parse(text);
            } catch {
              body = undefined;
            }
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
        }),
      );
      res.on("aborted", () => done(() => reject(new TransportError("unavailable", `${where}: the connection was reset mid-answer`, true))));
    });
    const timer = setTimeout(() => {
      done(() => reject(new TransportError("timeout", `${where}: no answer within ${call.timeoutMs} ms`, sent)));
      req.destroy();
    }, call.timeoutMs);
    req.on("error", (e: NodeJS.ErrnoException) => {
      const what = e.code === "ECONNREFUSED" ? "connection refused" : e.code === "ECONNRESET" ? "connection reset" : e.code === "ENOTFOUND" ? "host not found" : e.message;
      done(() => reject(new TransportError("unavailable", `${where}: ${what}`, sent)));
    });
    req.on("finish", () => {
      sent = true;
    });
    req.end(payload);
  });
}

/** The cloud's own sentence from an OpenStack error body ({"badRequest": {"message"}}, {"NeutronError": ...}, {"error": ...}). */
export function cloudMessage(answer: HttpAnswer): string {
  const b = answer.body;
  if (b && typeof b === "object") {
    for (const v of Object.values(b as Record<string, unknown>)) {
      if (v && typeof v === "object") {
        const m = (v as Record<string, unknown>).message ?? (v as Record<string, unknown>).detail ?? (v as Record<string, unknown>).title;
        if (typeof m === "string") return m;
      }
      if (Array.isArray(v) && v[0] && typeof v[0] === "object" && typeof (v[0] as Record<string, unknown>).detail === "string") {
        return String((v[0] as Record<string, unknown>).detail);
      }
    }
  }
  return answer.text.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim().slice(0, 300) || `HTTP ${answer.status}`;
}

/** Maps a non-2xx answer onto the port's error codes. */
export function errorOf(where: string, answer: HttpAnswer): DriverError {
  const msg = `${where} answered ${answer.status}: ${cloudMessage(answer)}`;
  const s = answer.status;
  if (s === 409) return new DriverError("conflict", msg, true, s);
  if (s === 429) return new DriverError("unavailable", msg, true, s);
  if (s >= 500) return new DriverError("unavailable", msg, true, s);
  if (s === 401) return new DriverError("unauthorized", msg, false, s);
  if (s === 403) return new DriverError(/quota/i.test(msg) ? "quota" : "unauthorized", msg, false, s);
  if (s === 404) return new DriverError("not_found", msg, false, s);
  if (s === 413) return new DriverError("quota", msg, false, s);
  return new DriverError("bad_request", msg, false, s);
}

export type RetryPolicy = { attempts: number; baseDelayMs: number; maxDelayMs: number };

/** Exponential backoff with full jitter: attempt n waits up to min(max, base * 2^n). */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(cap / 2 + (Math.random() * cap) / 2);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
