/** The demo stack's movable clock: real time plus the offset written in a file, read again as it changes. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOffsetClock } from './offset-clock.ts';

describe('offset clock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xz-clock-'));
  afterEach(() => rmSync(join(dir, 'offset'), { force: true }));

  it('runs on real time until an offset is written, then moves by it', () => {
    let real = 1_000_000;
    const file = join(dir, 'offset');
    const now = createOffsetClock(file, () => real);
    expect(now()).toBe(1_000_000);
    writeFileSync(file, String(2 * 86_400_000));
    real += 100;
    expect(now()).toBe(1_000_100 + 2 * 86_400_000);
    writeFileSync(file, 'not a number');
    real += 100;
    expect(now()).toBe(1_000_200);
  });
});
