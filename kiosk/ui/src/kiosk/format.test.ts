import { describe, expect, it } from 'vitest';
import { hoursText, stationClock, stationDateTime, stationTimeBrief } from './format.ts';

describe('station time on the kiosk', () => {
  const at = Date.parse('2026-11-30T17:05:00Z'); // 01:05 on Tuesday 1 December in Shanghai

  it('is the station zone, not the machine zone, as YYYY-MM-DD HH:mm', () => {
    expect(stationDateTime('Asia/Shanghai', at)).toBe('2026-12-01 01:05');
    expect(stationDateTime('UTC', at)).toBe('2026-11-30 17:05');
  });

  it("says a time of the station's today as HH:mm, an earlier one with its day", () => {
    const synced = Date.parse('2026-12-01T16:30:00Z'); // 00:30 on 2 December in Shanghai
    expect(stationTimeBrief('Asia/Shanghai', synced, Date.parse('2026-12-01T16:45:00Z'))).toBe('00:30');
    // `at` (01:05 on 1 December in Shanghai) seen later that morning, then after midnight.
    expect(stationTimeBrief('Asia/Shanghai', at, Date.parse('2026-12-01T01:00:00Z'))).toBe('01:05');
    expect(stationTimeBrief('Asia/Shanghai', at, synced)).toBe('2026-12-01 01:05');
    expect(stationTimeBrief('UTC', at, Date.parse('2026-11-30T23:00:00Z'))).toBe('17:05');
  });

  it('gives the home clock its time and a date with the weekday', () => {
    expect(stationClock('zh', 'Asia/Shanghai', at)).toEqual({ time: '01:05', date: '2026年12月1日星期二' });
    expect(stationClock('en', 'Asia/Shanghai', at).date).toMatch(/^Tuesday,? 1 December 2026$/);
  });

  it('says opening hours in words', () => {
    expect(hoursText('zh', [{ days: 'mon-sun', from: '00:00', to: '24:00' }])).toBe('24小时开放');
    expect(
      hoursText('en', [
        { days: 'mon-fri', from: '08:30', to: '17:30' },
        { days: 'sat-sun', from: '09:00', to: '12:00' },
      ]),
    ).toBe('Mon–Fri 08:30–17:30; Sat–Sun 09:00–12:00');
  });
});
