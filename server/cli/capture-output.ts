import { afterEach, vi } from "vitest";

/**
 * For the CLI's tests: what `main` writes to stdout and stderr. `capture()` starts afresh (call it
 * before each `main`); the spies are restored after each test of the suite that called this.
 */
export function captureOutput(): { readonly out: string; readonly err: string; capture(): void } {
  let out = "";
  let err = "";
  afterEach(() => vi.restoreAllMocks());
  return {
    get out() { return out; },
    get err() { return err; },
    capture() {
      out = "";
      err = "";
      vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
      vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
    },
  };
}
