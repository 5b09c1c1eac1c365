import { describe, expect, it } from 'vitest';
import { createScanBurst } from './scan-burst.ts';

const feed = (text: string, gap: number, start = 1000) => {
  const s = createScanBurst();
  let out: string | undefined;
  [...text, 'Enter'].forEach((k, i) => {
    out = s.key(k, start + i * gap) ?? out;
  });
  return out;
};

describe('keyboard-wedge scan on the home screen', () => {
  it('takes a fast burst ending with Enter as a scanned code', () => {
    expect(feed('11010519491231002x', 5)).toBe('11010519491231002X');
  });
  it('ignores slow typing and short bursts', () => {
    expect(feed('110105194912310021', 200)).toBeUndefined();
    expect(feed('A001', 5)).toBeUndefined();
  });
});
