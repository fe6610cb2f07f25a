import { DriverError } from "../provisioning/port";
import { configError, describeConfig, redact, type OpenStackConfig } from "./config";
import { backoffMs, errorOf, send, sleep, TransportError, type HttpAnswer, type RetryPolicy } from "./http";

/**
 * An authenticated session with one OpenStack cloud: a Keystone v3 password token scoped to the
 * project, reused until five minutes before its `expires_at` (or until a service answers 401),
 * and the service endpoints from the token's catalog. `call` retries 409, 5xx, timeouts and resets
 * with backoff; a non-idempotent call (a create) says `retry: false` and lets the caller look for
 * what the first try made before trying again.
 */
export type ServiceType = "compute" | "placement" | "volumev3" | "network" | "image" | "identity";

export const COMPUTE_MICROVERSION = "2.74";
export const PLACEMENT_MICROVERSION = "1.39";
const REFRESH_BEFORE_MS = 5 * 60_000;

type Catalog = { type: string; endpoints: { interface: string; region?: string; region_id?: string; url: string }[] }[];

type Token = { value: string; expiresAt: number; projectId: string; userId: string; endpoints: Map<string, string> };

export type CallOptions = {
  body?: unknown;
  headers?: Record<string, string>;
  /** Whether to retry on retryable failures (default true: reads, deletes, actions that are safe to repeat). */
  retry?: boolean;
  /** Statuses that count as an answer rather than a failure (default 2xx). */
  accept?: number[];
};

export class OpenStackClient {
  private token: Token | null = null;
  private authenticating: Promise<Token> | null = null;
  readonly policy: RetryPolicy;

  constructor(
    readonly config: OpenStackConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.policy = { attempts: config.retries, baseDelayMs: config.retry_base_ms, maxDelayMs: config.retry_max_ms };
  }

  /** How many Keystone authentications this session made (tests check the token is reused). */
  authentications = 0;

  private async authenticate(): Promise<Token> {
    const c = this.config;
    const body = {
      auth: {
        identity: { methods: ["password"], password: { user: { name: c.username, domain: { name: c.user_domain_name }, password: c.password } } },
        scope: { project: { name: c.project_name, domain: { name: c.project_domain_name } } },
      },
    };
    const url = `${c.auth_url.replace(/\/+$/, "")}/auth/tokens`;
    let answer: HttpAnswer | null = null;
    let lastError: DriverError | null = null;
    for (let attempt = 0; attempt < this.policy.attempts; attempt++) {
      try {
        answer = await send({ method: "POST", url, body, timeoutMs: c.timeout_ms });
        if (answer.status < 500 && answer.status !== 409) break;
        lastError = errorOf("Keystone POST /auth/tokens", answer);
      } catch (e) {
        if (!(e instanceof TransportError)) throw e;
        lastError = e;
      }
      answer = null;
      if (attempt + 1 < this.policy.attempts) await sleep(backoffMs(this.policy, attempt));
    }
    if (!answer) {
      throw configError(
        redact(`cannot reach Keystone at ${c.auth_url} (${lastError?.message ?? "no answer"}): check auth_url / OS_AUTH_URL and that Keystone runs`, c),
      );
    }
    this.authentications++;
    if (answer.status === 401) {
      throw new DriverError(
        "unauthorized",
        `Keystone at ${c.auth_url} rejected the credentials of ${describeConfig(c)}: check username, password, project_name and the domains (OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME, OS_USER_DOMAIN_NAME, OS_PROJECT_DOMAIN_NAME)`,
        false,
        401,
      );
    }
    if (answer.status === 404 && !/\/v3\/?$/.test(c.auth_url)) {
      throw configError(`Keystone answered 404 at ${url}: auth_url / OS_AUTH_URL must be the v3 endpoint (ending in /v3)`);
    }
    if (answer.status !== 201) throw configError(redact(errorOf(`Keystone POST /auth/tokens for ${describeConfig(c)}`, answer).message, c));
    const subject = answer.headers["x-subject-token"];
    const tok = (answer.body as { token?: { expires_at?: string; project?: { id: string }; user?: { id: string }; catalog?: Catalog } } | undefined)?.token;
    if (typeof subject !== "string" || !tok?.project) throw configError(`Keystone at ${c.auth_url} gave no project-scoped token for ${describeConfig(c)}`);
    const endpoints = new Map<string, string>();
    for (const svc of tok.catalog ?? []) {
      const ep = svc.endpoints.find((e) => e.interface === c.interface && (!c.region_name || (e.region_id ?? e.region) === c.region_name));
      if (ep && !endpoints.has(svc.type)) endpoints.set(svc.type, ep.url.replace(/\/+$/, ""));
    }
    const expiresAt = tok.expires_at ? Date.parse(tok.expires_at) : this.now() + 3600_000;
    return { value: subject, expiresAt, projectId: tok.project.id, userId: tok.user?.id ?? "", endpoints };
  }

  /** A valid token, reusing the cached one until shortly before it expires. */
  async session(): Promise<Token> {
    if (this.token && this.token.expiresAt - this.now() > REFRESH_BEFORE_MS) return this.token;
    if (!this.authenticating) {
      this.authenticating = this.authenticate().finally(() => {
        this.authenticating = null;
      });
    }
    this.token = await this.authenticating;
    return this.token;
  }

  invalidate(): void {
    this.token = null;
  }

  async endpoint(type: ServiceType, session?: Token): Promise<string> {
    const t = session ?? (await this.session());
    const alias = type === "volumev3" ? ["volumev3", "block-storage", "volume"] : [type];
    for (const a of alias) {
      const url = t.endpoints.get(a);
      if (url) {
        const override = this.config.endpoint_overrides?.[type];
        const routed = override ? `${new URL(override).origin}${new URL(url).pathname.replace(/\/+$/, "")}` : url;
        return type === "network" && !/\/v2\.0$/.test(routed) ? `${routed}/v2.0` : routed;
      }
    }
    throw configError(
      `the Keystone catalog for ${describeConfig(this.config)} has no '${alias[0]}' endpoint on interface ${this.config.interface}${this.config.region_name ? ` in region ${this.config.region_name}` : ""}: register it or set interface / region_name (OS_INTERFACE, OS_REGION_NAME)`,
    );
  }

  async projectId(): Promise<string> {
    return (await this.session()).projectId;
  }

  private headersFor(type: ServiceType): Record<string, string> {
    if (type === "compute") return { "OpenStack-API-Version": `compute ${COMPUTE_MICROVERSION}`, "X-OpenStack-Nova-API-Version": COMPUTE_MICROVERSION };
    if (type === "placement") return { "OpenStack-API-Version": `placement ${PLACEMENT_MICROVERSION}` };
    return {};
  }

  /** One call to a service, by path under its catalog endpoint (or an absolute URL). */
  async call<T = unknown>(type: ServiceType, method: string, path: string, opts: CallOptions = {}): Promise<{ status: number; body: T; headers: HttpAnswer["headers"] }> {
    const retry = opts.retry ?? true;
    const attempts = retry ? this.policy.attempts : 1;
    let reauthenticated = false;
    let last: DriverError | null = null;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const session = await this.session();
      const base = await this.endpoint(type, session);
      const url = /^https?:/.test(path) ? path : `${base}${path}`;
      const where = `${type} ${method} ${new URL(url).pathname}`;
      const token = session.value;
      try {
        const answer = await send({
          method,
          url,
          body: opts.body,
          headers: { "X-Auth-Token": token, ...this.headersFor(type), ...opts.headers },
          timeoutMs: this.config.timeout_ms,
        });
        if ((answer.status >= 200 && answer.status < 300) || opts.accept?.includes(answer.status)) {
          return { status: answer.status, body: answer.body as T, headers: answer.headers };
        }
        if (answer.status === 401 && !reauthenticated) {
          reauthenticated = true;
          this.invalidate();
          attempt--;
          continue;
        }
        if (answer.status === 406 && type === "compute") {
          throw configError(`Nova at ${base} does not support microversion ${COMPUTE_MICROVERSION} (boot on a chosen host): upgrade Nova to Train (20.0) or later`);
        }
        last = errorOf(where, answer);
      } catch (e) {
        if (!(e instanceof DriverError)) throw e;
        last = e;
      }
      if (!last.retryable || attempt + 1 >= attempts) break;
      await sleep(backoffMs(this.policy, attempt));
    }
    throw last ?? new DriverError("unavailable", `${type} ${method} ${path}: no answer`, true);
  }
}
