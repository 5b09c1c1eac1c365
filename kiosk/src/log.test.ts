import { describe, expect, it } from 'vitest';
import { maskPersonalNumbers, readLogLevel } from './log.ts';

describe('log masking', () => {
  it('masks ID numbers, credit codes and mobile numbers anywhere in a line', () => {
    const line = JSON.stringify({
      msg: 'citizen 11010519500301123X called from 13812345678 for 91350100M000100Y43',
      err: { stack: 'Error: bad 110105195003011234\n    at x (/a.ts:1:1)' },
      phone: '+86 138-1234-5678',
    });
    const masked = maskPersonalNumbers(line);
    for (const raw of [
      '11010519500301123X',
      '13812345678',
      '91350100M000100Y43',
      '110105195003011234',
      '138-1234-5678',
    ])
      expect(masked).not.toContain(raw);
    expect(masked).toContain('[id-number]');
    expect(masked).toContain('[credit-code]');
    expect(masked).toContain('[phone]');
  });

  it('leaves times, sequences and ticket ids alone', () => {
    const line = '{"time":1773019000123,"seq":177301900012,"id":"ticket:xhd-lingzhu-01:2026-03-09:tax:001"}';
    expect(maskPersonalNumbers(line)).toBe(line);
  });

  it('reads the level from XZ_LOG_LEVEL, info by default', () => {
    expect(readLogLevel(undefined)).toBe('info');
    expect(readLogLevel('DEBUG')).toBe('debug');
    expect(() => readLogLevel('loud')).toThrow(/not a log level/);
  });
});
