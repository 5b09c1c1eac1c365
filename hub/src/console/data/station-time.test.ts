import { afterEach, describe, expect, it } from 'vitest';
import { dueTime, stationInputTime, stationTime } from './station-time.ts';

describe('console times in station time', () => {
  const machineZone = process.env.TZ;
  afterEach(() => {
    if (machineZone === undefined) delete process.env.TZ;
    else process.env.TZ = machineZone;
  });

  it('shows an instant as YYYY-MM-DD HH:mm in Asia/Shanghai, not in the browser zone', () => {
    process.env.TZ = 'America/New_York';
    const at = Date.parse('2026-12-01T16:30:00Z');
    expect(new Date(at).getDate()).toBe(1); // still 1 December for the browser here
    expect(stationTime(at)).toBe('2026-12-02 00:30');
    expect(stationTime('2026-12-01T09:30:00+08:00')).toBe('2026-12-01 09:30');
    expect(stationTime('2026-11-30T17:05:00Z')).toBe('2026-12-01 01:05');
  });

  it('shows a dash for no time', () => {
    expect(stationTime(undefined)).toBe('—');
    expect(stationTime('not a time')).toBe('—');
  });

  it('shows a deadline as its due day and 24:00, not the next midnight', () => {
    expect(dueTime('2026-12-02T00:00:00+08:00')).toBe('2026-12-01 24:00');
    expect(dueTime('2027-01-01T00:00:00+08:00')).toBe('2026-12-31 24:00');
    expect(dueTime('2026-12-01T17:30:00+08:00')).toBe('2026-12-01 17:30');
    expect(dueTime(undefined)).toBe('—');
  });

  it('reads a typed date and time as station time, not the browser zone', () => {
    process.env.TZ = 'America/New_York';
    expect(stationInputTime('2026-12-02T00:30')).toBe(Date.parse('2026-12-01T16:30:00Z'));
    expect(stationTime(stationInputTime('2026-12-01T09:00'))).toBe('2026-12-01 09:00');
    expect(stationInputTime('')).toBeUndefined();
    expect(stationInputTime('2026-12-01')).toBeUndefined();
    expect(stationInputTime('2026-13-01T09:00')).toBeUndefined();
  });
});
