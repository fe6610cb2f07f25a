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
});

export type Env = {
  /** PostgreSQL connection string, or undefined for the embedded PGlite. */
  databaseUrl: string | undefined;
  /** Absolute path of PGlite's data folder (used only without DATABASE_URL). */
  dataDir: string;
  port: number;
};

/** Parses an environment (process.env by default); throws a ZodError naming the variable on bad input. */
export function parseEnv(source: Record<string, string | undefined> = process.env, cwd = process.cwd()): Env {
  const raw = envSchema.parse(source);
  return {
    databaseUrl: raw.DATABASE_URL,
    dataDir: path.resolve(cwd, raw.HEADROOM_DATA_DIR ?? ".data/pglite"),
    port: raw.PORT,
  };
}
