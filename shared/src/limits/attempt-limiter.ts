/**
 * Counts unsuccessful attempts per key (a client address) in a fixed window. An attempt is taken
 * before the work and given back only when it succeeds, so parallel guesses count at once and
 * ordinary successful sign-ins from a shared address (an office behind one NAT) never add up.
 */

export interface AttemptLimiterOptions {
  /** Unsuccessful attempts allowed per key and window. */
  max: number;
  windowMs: number;
  now?: () => number;
  /** Keys kept before expired windows are swept (bounds memory under many addresses). */
  sweepAt?: number;
}

export type Attempt = { ok: true; succeeded(): void } | { ok: false; retryAfterMs: number };

export interface AttemptLimiter {
  take(key: string): Attempt;
}

export function createAttemptLimiter(options: AttemptLimiterOptions): AttemptLimiter {
  const now = options.now ?? Date.now;
  const sweepAt = options.sweepAt ?? 10_000;
  const windows = new Map<string, { count: number; resetAt: number }>();

  function sweep(at: number): void {
    for (const [key, w] of windows) if (w.resetAt <= at) windows.delete(key);
  }

  return {
    take(key) {
      const at = now();
      if (windows.size >= sweepAt) sweep(at);
      let w = windows.get(key);
      if (!w || w.resetAt <= at) {
        w = { count: 0, resetAt: at + options.windowMs };
        windows.set(key, w);
      }
      if (w.count >= options.max) return { ok: false, retryAfterMs: w.resetAt - at };
      w.count++;
      const window = w;
      let settled = false;
      return {
        ok: true,
        succeeded() {
          if (settled) return;
          settled = true;
          if (windows.get(key) === window && window.count > 0) window.count--;
        },
      };
    },
  };
}
