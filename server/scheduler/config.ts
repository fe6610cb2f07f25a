/**
 * The worker's settings: lease and heartbeat, the claim window, and the retry policy of requests
 * the engine cannot place yet. Defaults here; `headroom worker` flags and HEADROOM_SCHEDULER_*
 * variables override them (parsed with zod, named in the error when wrong).
 */
import { z } from "zod";

export type RetryPolicy = {
  /** Tries before a request that cannot be placed fails for good (the engine's code and sentence kept). */
  maxAttempts: number;
  /** Wait before the second try; doubled (times `factor`) each try, at most `maxDelayMs`. */
  baseDelayMs: number;
  factor: number;
  maxDelayMs: number;
};

export type WorkerConfig = {
  /** How long a claim holds without a heartbeat; a dead worker's requests are taken over after it. */
  leaseMs: number;
  heartbeatMs: number;
  /** Most requests claimed at once (a burst goes to the batch engine as one problem). */
  window: number;
  /** Pause when nothing was claimed. */
  idleMs: number;
  /** The batch engine's time limit per window. */
  batchTimeLimitMs: number;
  /**
   * The engine's objective. Default spread (Nova's default too): with several workers planning on
   * pictures a moment old, pack sends them all to the same fullest hosts and most writes conflict
   * (measured: about one conflict per placement with 4 workers); spread leaves room on each host.
   */
  objective: "pack" | "spread" | "balance";
  /** The static part of the snapshot (providers, inventories, traits, aggregates) is read again after this long. */
  snapshotMaxAgeMs: number;
  /** How long a server may take to turn active before the provisioning fails. */
  bootTimeoutMs: number;
  /** Tries of one driver call that answered with a retryable error. */
  driverAttempts: number;
  retry: RetryPolicy;
};

export const defaultConfig: WorkerConfig = {
  leaseMs: 15_000,
  heartbeatMs: 3_000,
  window: 50,
  idleMs: 250,
  batchTimeLimitMs: 300,
  objective: "spread",
  snapshotMaxAgeMs: 30_000,
  bootTimeoutMs: 60_000,
  driverAttempts: 6,
  retry: { maxAttempts: 6, baseDelayMs: 2_000, factor: 2, maxDelayMs: 60_000 },
};

/** The wait before try `attempt + 1` of a request that could not be placed at try `attempt` (1-based). Pure. */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** Math.max(0, attempt - 1));
}

const ms = z.coerce.number().int().min(1);
const envSchema = z.object({
  HEADROOM_SCHEDULER_LEASE_MS: ms.optional(),
  HEADROOM_SCHEDULER_HEARTBEAT_MS: ms.optional(),
  HEADROOM_SCHEDULER_WINDOW: z.coerce.number().int().min(1).max(5000).optional(),
  HEADROOM_SCHEDULER_IDLE_MS: ms.optional(),
  HEADROOM_SCHEDULER_OBJECTIVE: z.enum(["pack", "spread", "balance"]).optional(),
  HEADROOM_SCHEDULER_BATCH_MS: ms.optional(),
  HEADROOM_SCHEDULER_BOOT_TIMEOUT_MS: ms.optional(),
  HEADROOM_RETRY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).optional(),
  HEADROOM_RETRY_BASE_MS: ms.optional(),
  HEADROOM_RETRY_FACTOR: z.coerce.number().min(1).max(10).optional(),
  HEADROOM_RETRY_MAX_MS: ms.optional(),
});

/** The defaults with the environment's overrides. Throws a ZodError naming the variable. */
export function configFromEnv(source: Record<string, string | undefined> = process.env): WorkerConfig {
  const e = envSchema.parse(source);
  const d = defaultConfig;
  const leaseMs = e.HEADROOM_SCHEDULER_LEASE_MS ?? d.leaseMs;
  return {
    ...d,
    leaseMs,
    heartbeatMs: e.HEADROOM_SCHEDULER_HEARTBEAT_MS ?? Math.min(d.heartbeatMs, Math.floor(leaseMs / 3)),
    window: e.HEADROOM_SCHEDULER_WINDOW ?? d.window,
    idleMs: e.HEADROOM_SCHEDULER_IDLE_MS ?? d.idleMs,
    objective: e.HEADROOM_SCHEDULER_OBJECTIVE ?? d.objective,
    batchTimeLimitMs: e.HEADROOM_SCHEDULER_BATCH_MS ?? d.batchTimeLimitMs,
    bootTimeoutMs: e.HEADROOM_SCHEDULER_BOOT_TIMEOUT_MS ?? d.bootTimeoutMs,
    retry: {
      maxAttempts: e.HEADROOM_RETRY_MAX_ATTEMPTS ?? d.retry.maxAttempts,
      baseDelayMs: e.HEADROOM_RETRY_BASE_MS ?? d.retry.baseDelayMs,
      factor: e.HEADROOM_RETRY_FACTOR ?? d.retry.factor,
      maxDelayMs: e.HEADROOM_RETRY_MAX_MS ?? d.retry.maxDelayMs,
    },
  };
}
