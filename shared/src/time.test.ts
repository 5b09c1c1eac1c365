import { afterEach, describe, expect, it } from 'vitest';
import {
  createStationTime,
  isStationDay,
  isValidTimeZone,
  parseClockTime,
  stationClock,
  stationDay,
  weekdayOfDay,
} from './time.ts';

describe('station time', () => {
  it('takes the day from the station zone, not the machine zone', () => {
    // 2026-11-23 16:30 UTC is already 2026-11-24 00:30 in Shanghai.
    const at = Date.UTC(2026, 10, 23, 16, 30);
    expect(stationDay(at, 'Asia/Shanghai')).toBe('2026-11-24');
    expect(stationDay(at, 'Europe/London')).toBe('2026-11-23');
    expect(stationClock(at, 'Asia/Shanghai')).toEqual({
      day: '2026-11-24',
      hhmm: '00:30',
      secondOfDay: 1800,
      weekday: 2,
    });
  });

  it('converts a local day and time back to the instant', () => {
    const t = createStationTime('Asia/Shanghai');
    const at = t.toEpoch('2026-11-23', '08:35:57');
    expect(at).toBe(Date.UTC(2026, 10, 23, 0, 35, 57));
    expect(t.clock(at).hhmm).toBe('08:35');
    expect(t.offsetMinutes(at)).toBe(480);
    expect(t.toEpoch('2026-11-23', '24:00')).toBe(t.toEpoch('2026-11-24', '00:00'));
  });

  it('handles zones with daylight saving', () => {
    const t = createStationTime('Europe/Berlin');
    expect(t.clock(t.toEpoch('2026-07-01', '12:00')).hhmm).toBe('12:00');
    expect(t.clock(t.toEpoch('2026-12-01', '12:00')).hhmm).toBe('12:00');
  });

  describe('as staff and operators read it', () => {
    const machineZone = process.env.TZ;
    afterEach(() => {
      if (machineZone === undefined) delete process.env.TZ;
      else process.env.TZ = machineZone;
    });

    it('is YYYY-MM-DD HH:mm in the station zone whatever zone the machine is in', () => {
      process.env.TZ = 'America/New_York';
      const at = Date.parse('2026-12-01T16:30:00Z');
      // The machine's own clock reads 11:30 on 1 December here; the station is already past midnight.
      expect(new Date(at).getHours()).toBe(11);
      expect(createStationTime('Asia/Shanghai').dateTime(at)).toBe('2026-12-02 00:30');
      expect(createStationTime('America/New_York').dateTime(at)).toBe('2026-12-01 11:30');
      expect(createStationTime('Asia/Shanghai').dateTime(Date.parse('2027-01-01T01:05:59Z'))).toBe(
        '2027-01-01 09:05',
      );
    });
  });

  it('validates its inputs', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isStationDay('2026-02-29')).toBe(false);
    expect(isStationDay('2028-02-29')).toBe(true);
    expect(parseClockTime('23:59:59')).toBe(86_399);
    expect(parseClockTime('24:00')).toBe(86_400);
    expect(parseClockTime('24:01')).toBeNull();
    expect(parseClockTime('7:00')).toBeNull();
    expect(weekdayOfDay('2026-11-23')).toBe(1);
    expect(weekdayOfDay('2026-11-29')).toBe(7);
    expect(() => createStationTime('Mars/Olympus')).toThrow(RangeError);
    expect(() => createStationTime('Asia/Shanghai').toEpoch('2026-13-01', '10:00')).toThrow(RangeError);
  });
});
