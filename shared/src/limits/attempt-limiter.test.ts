import { describe, expect, it } from 'vitest';
import { createAttemptLimiter } from './attempt-limiter.ts';

describe('attempt limiter', () => {
  it('given 3 failures from an address, refuses the 4th until the window ends', () => {
    let at = 1_000;
    const limiter = createAttemptLimiter({ max: 3, windowMs: 60_000, now: () => at });
    for (let i = 0; i < 3; i++) expect(limiter.take('10.0.0.1').ok).toBe(true);
    const refused = limiter.take('10.0.0.1');
    expect(refused).toEqual({ ok: false, retryAfterMs: 60_000 });
    expect(limiter.take('10.0.0.2').ok).toBe(true);
    at += 60_000;
    expect(limiter.take('10.0.0.1').ok).toBe(true);
  });

  it('does not count attempts that succeed, and counts guesses still running', () => {
    const limiter = createAttemptLimiter({ max: 2, windowMs: 60_000, now: () => 0 });
    for (let i = 0; i < 10; i++) {
      const a = limiter.take('office');
      if (!a.ok) throw new Error('refused');
      a.succeeded();
      a.succeeded();
    }
    const first = limiter.take('office');
    const second = limiter.take('office');
    expect([first.ok, second.ok, limiter.take('office').ok]).toEqual([true, true, false]);
  });
});
