import path from "node:path";
import { z } from "zod";

/**
 * The environment, parsed once with zod (CONVENTIONS 11). A missing DATABASE_URL is not an error:
 * it means the embedded PGlite in a data folder.
 */
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: "must be a postgres:// or postgresql:// connection string",
    }),
  HEADROOM_DATA_DIR: z.string().trim().min(1).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // Access (server/auth): the session secret, the public address, and an optional OIDC provider.
  HEADROOM_AUTH_SECRET: blank(z.string().min(32, { message: "must be at least 32 characters" })),
  HEADROOM_PUBLIC_URL: blank(z.url({ protocol: /^https?$/, message: "must be an http:// or https:// address" })),
  HEADROOM_OIDC_ISSUER: blank(z.url({ protocol: /^https?$/, message: "must be the provider's http(s) issuer address" })),
  HEADROOM_OIDC_CLIENT_ID: blank(z.string()),
  HEADROOM_OIDC_CLIENT_SECRET: blank(z.string()),
  HEADROOM_OIDC_NAME: blank(z.string().max(60)),
  HEADROOM_OIDC_ROLE: blank(z.enum(["viewer", "planner", "operator", "admin"])),
}).superRefine((v, ctx) => {
  const oidc = ["HEADROOM_OIDC_ISSUER", "HEADROOM_OIDC_CLIENT_ID", "HEADROOM_OIDC_CLIENT_SECRET"] as const;
  const given = oidc.filter((k) => v[k] !== undefined);
  if (given.length > 0 && given.length < oidc.length) {
    for (const k of oidc) if (v[k] === undefined) ctx.addIssue({ code: "custom", path: [k], message: `is needed with ${given.join(", ")}` });
  }
});

/** An empty variable means "unset", as for DATABASE_URL. */
function blank<T extends z.ZodType<string>>(schema: T) {
  return z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v), schema.optional());
}

export type AuthEnv = {
  /** The session secret; without it, one is generated and kept beside the data folder (server/auth/secret.ts). */
  secret: string | undefined;
  /** Where people reach the app (decides Secure cookies); without it, taken from each request. */
  publicUrl: string | undefined;
  oidc: { issuer: string; clientId: string; clientSecret: string; name: string; role: "viewer" | "planner" | "operator" | "admin" } | undefined;
};

export type Env = {
  /** PostgreSQL connection string, or undefined for the embedded PGlite. */
  databaseUrl: string | undefined;
  /** Absolute path of PGlite's data folder (used only without DATABASE_URL). */
  dataDir: string;
  port: number;
  auth?: AuthEnv;
};

/** Parses an environment (process.env by default); throws a ZodError naming the variable on bad input. */
export function parseEnv(source: Record<string, string | undefined> = process.env, cwd = process.cwd()): Env {
  const raw = envSchema.parse(source);
  return {
    databaseUrl: raw.DATABASE_URL,
    dataDir: path.resolve(cwd, raw.HEADROOM_DATA_DIR ?? ".data/pglite"),
    port: raw.PORT,
    auth: {
      secret: raw.HEADROOM_AUTH_SECRET,
      publicUrl: raw.HEADROOM_PUBLIC_URL,
      oidc: raw.HEADROOM_OIDC_ISSUER && raw.HEADROOM_OIDC_CLIENT_ID && raw.HEADROOM_OIDC_CLIENT_SECRET
        ? { issuer: raw.HEADROOM_OIDC_ISSUER, clientId: raw.HEADROOM_OIDC_CLIENT_ID, clientSecret: raw.HEADROOM_OIDC_CLIENT_SECRET,
          name: raw.HEADROOM_OIDC_NAME ?? "single sign-on", role: raw.HEADROOM_OIDC_ROLE ?? "viewer" }
        : undefined,
    },
  };
}
