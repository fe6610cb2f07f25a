import { describe, expect, it } from "vitest";
import { AttemptLimiter } from "./limit";

describe("AttemptLimiter", () => {
  it("allows max attempts per key in a window, then refuses until the oldest leaves it", () => {
    const limiter = new AttemptLimiter({ windowMs: 1000, max: 3 });
    expect([0, 10, 20, 30].map((t) => limiter.allow("a@x", t))).toEqual([true, true, true, false]);
    expect(limiter.allow("b@x", 30)).toBe(true); // another account is not held back
    expect(limiter.retryAfter("a@x", 30)).toBe(1);
    expect(limiter.allow("a@x", 999)).toBe(false);
    expect(limiter.allow("a@x", 1000)).toBe(true); // the attempt at 0 has left the window
  });

  it("forgets the oldest key beyond its size", () => {
    const limiter = new AttemptLimiter({ windowMs: 1000, max: 1 }, 2);
    limiter.allow("a", 0);
    limiter.allow("b", 0);
    limiter.allow("c", 0);
    expect(limiter.allow("a", 1)).toBe(true);
    expect(limiter.allow("c", 1)).toBe(false);
  });
});
