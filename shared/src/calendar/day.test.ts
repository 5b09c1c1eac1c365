import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  compactDay,
  dayFromCompact,
  dayFromNumber,
  dayNumber,
  dayParts,
  isDay,
  isLeapYear,
  weekday,
} from './day.ts';

describe('calendar days', () => {
  it('recognises real dates only, leap years included', () => {
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2000-02-29')).toBe(true);
    expect(isDay('1900-02-29')).toBe(false);
    expect(isDay('2026-4-1')).toBe(false);
    expect(isDay(20260401)).toBe(false);
    expect(isLeapYear(2100)).toBe(false);
    expect(() => dayParts('2026-13-01')).toThrow(RangeError);
  });

  it('knows weekdays', () => {
    expect(weekday('2026-01-01')).toBe(4); // Thursday
    expect(weekday('2026-10-10')).toBe(6);
    expect(weekday('1969-12-31')).toBe(3);
  });

  it('adds days over month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('round-trips day numbers', () => {
    fc.assert(
      fc.property(fc.integer({ min: -700_000, max: 2_900_000 }), (n) => dayNumber(dayFromNumber(n)) === n),
    );
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('0050-01-01')).toBeLessThan(dayNumber('1900-01-01'));
  });

  it('writes and reads the compact form', () => {
    expect(compactDay('2026-03-09')).toBe('20260309');
    expect(dayFromCompact('20260309')).toBe('2026-03-09');
    expect(dayFromCompact('20260230')).toBeNull();
  });
});
