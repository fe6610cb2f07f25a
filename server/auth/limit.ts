/**
 * Sign-in attempts per account, beside better-auth's per-address limit: the address comes from
 * X-Forwarded-For, which a client talking to the app directly can set to anything, so guessing one
 * account's password from many made-up addresses is held back here by the account itself.
 */
export const ACCOUNT_LIMIT = { windowMs: 15 * 60_000, max: 10 } as const;

export class AttemptLimiter {
  private readonly attempts = new Map<string, number[]>();
  constructor(private readonly limit: { windowMs: number; max: number } = ACCOUNT_LIMIT, private readonly maxKeys = 100_000) {}

  /** Counts an attempt; false (and not counted) when the key has used up its window. */
  allow(key: string, now = Date.now()): boolean {
    const recent = (this.attempts.get(key) ?? []).filter((t) => now - t < this.limit.windowMs);
    if (recent.length >= this.limit.max) {
      this.attempts.set(key, recent);
      return false;
    }
    recent.push(now);
    this.attempts.delete(key);
    this.attempts.set(key, recent);
    if (this.attempts.size > this.maxKeys) this.attempts.delete(this.attempts.keys().next().value!);
    return true;
  }

  /** Seconds until the key may try again (0 when it may now). */
  retryAfter(key: string, now = Date.now()): number {
    const recent = (this.attempts.get(key) ?? []).filter((t) => now - t < this.limit.windowMs);
    if (recent.length < this.limit.max) return 0;
    return Math.ceil((recent[0]! + this.limit.windowMs - now) / 1000);
  }
}
