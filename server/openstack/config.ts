import { readFileSync } from "node:fs";
import { z } from "zod";
import { DriverError } from "../provisioning/port";

/**
 * Where the openstack driver finds its cloud: a JSON file named by HEADROOM_OPENSTACK_CONFIG (kept
 * outside git; `headroom sandbox up` writes one), else the usual OS_* variables of an openrc. The
 * password never leaves this module's objects: `describe()` and every error name the fields, not
 * their values.
 */
export const openstackConfigSchema = z.object({
  auth_url: z.string().url(),
  username: z.string().min(1),
  password: z.string().min(1),
  project_name: z.string().min(1),
  user_domain_name: z.string().min(1).default("Default"),
  project_domain_name: z.string().min(1).default("Default"),
  region_name: z.string().min(1).nullish(),
  interface: z.enum(["public", "internal", "admin"]).default("public"),
  /** The Glance image servers boot from (id or name). */
  image: z.string().min(1).nullish(),
  /** Per-call timeout. */
  timeout_ms: z.number().int().positive().default(30_000),
  /** Tries per call on 409, 5xx, timeouts and resets. */
  retries: z.number().int().min(1).max(20).default(5),
  retry_base_ms: z.number().int().positive().default(250),
  retry_max_ms: z.number().int().positive().default(5_000),
  /** How long poll-style waits (attach, detach, live migration) may take. */
  wait_ms: z.number().int().positive().default(120_000),
  sandbox: z.boolean().optional(),
  /**
   * Per service type, an origin (scheme://host:port) that replaces the catalog endpoint's origin,
   * the path kept: for a proxy in front of the APIs (the fault proxy in tests, or an operator's).
   */
  endpoint_overrides: z.record(z.string(), z.string().url()).optional(),
});

export type OpenStackConfig = z.infer<typeof openstackConfigSchema>;

const ENV_FIELDS: Record<string, string> = {
  auth_url: "OS_AUTH_URL",
  username: "OS_USERNAME",
  password: "OS_PASSWORD",
  project_name: "OS_PROJECT_NAME",
  user_domain_name: "OS_USER_DOMAIN_NAME",
  project_domain_name: "OS_PROJECT_DOMAIN_NAME",
  region_name: "OS_REGION_NAME",
  interface: "OS_INTERFACE",
  image: "HEADROOM_OPENSTACK_IMAGE",
};

export function configError(message: string): DriverError {
  return new DriverError("config", message, false);
}

/** Validates raw settings; the error names each bad field by where it came from. */
export function parseConfig(raw: Record<string, unknown>, source: string, name: (field: string) => string = (f) => f): OpenStackConfig {
  const parsed = openstackConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${name(String(i.path[0] ?? "?"))}: ${i.message}`);
    throw configError(`openstack configuration (${source}) is not usable: ${fields.join("; ")}`);
  }
  return parsed.data;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): OpenStackConfig {
  const file = env.HEADROOM_OPENSTACK_CONFIG;
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      throw configError(`HEADROOM_OPENSTACK_CONFIG names ${file}, which cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"})`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw configError(`${file} (HEADROOM_OPENSTACK_CONFIG) is not JSON`);
    }
    if (!raw || typeof raw !== "object") throw configError(`${file} (HEADROOM_OPENSTACK_CONFIG) must hold a JSON object`);
    return parseConfig(raw as Record<string, unknown>, file, (f) => `${file}: ${f}`);
  }
  if (!env.OS_AUTH_URL) {
    throw configError("no OpenStack configured: set HEADROOM_OPENSTACK_CONFIG to a JSON file (auth_url, username, password, project_name, image) or the OS_* variables of an openrc (OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME) and HEADROOM_OPENSTACK_IMAGE");
  }
  const raw: Record<string, unknown> = {};
  for (const [field, variable] of Object.entries(ENV_FIELDS)) {
    const v = env[variable];
    if (v !== undefined && v !== "") raw[field] = v;
  }
  return parseConfig(raw, "OS_* environment", (f) => ENV_FIELDS[f] ?? f);
}

/** The configuration as it may be shown: everything but the password. */
export function describeConfig(c: OpenStackConfig): string {
  return `${c.username}@${c.project_name} (${c.user_domain_name}/${c.project_domain_name}) at ${c.auth_url}${c.region_name ? ` region ${c.region_name}` : ""}`;
}

/** Removes any occurrence of the configured secrets from a text (belt and braces for messages). */
export function redact(text: string, c: Pick<OpenStackConfig, "password">, ...more: (string | null | undefined)[]): string {
  let out = text;
  for (const s of [c.password, ...more]) if (s && s.length >= 4) out = out.split(s).join("[redacted]");
  return out;
}
