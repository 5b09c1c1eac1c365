import { describe, expect, it } from 'vitest';
import calendar2026 from '../../data/calendar-2026.json' with { type: 'json' };
import { DomainError, ErrorCode } from '../errors.ts';
import { createBundledCalendar, createCalendar } from './calendar.ts';
import { calendarDataProblems, parseCalendarData } from './calendar-data.ts';
import { addDays } from './day.ts';

const cal = createBundledCalendar();

function expectYearUnknown(fn: () => unknown, year: number): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.CalendarYearUnknown);
    expect((error as DomainError).details).toEqual({ year });
    expect((error as DomainError).message).toContain(String(year));
    return;
  }
  throw new Error('expected XZ_ERR_CALENDAR_YEAR_UNKNOWN');
}

describe('working days of 2026 (State Council notice)', () => {
  it('knows 2026 only', () => {
    expect(cal.years).toEqual([2026]);
  });

  it('treats holidays as rest days and adjusted Saturdays and Sundays as working days', () => {
    expect(cal.isWorkingDay('2026-01-01')).toBe(false);
    expect(cal.isWorkingDay('2026-01-04')).toBe(true); // Sunday, adjusted
    expect(cal.isWorkingDay('2026-02-14')).toBe(true); // Saturday before Spring Festival
    expect(cal.isWorkingDay('2026-02-16')).toBe(false); // Monday in Spring Festival
    expect(cal.isWorkingDay('2026-10-10')).toBe(true); // Saturday after National Day
    expect(cal.isWorkingDay('2026-10-07')).toBe(false);
    expect(cal.isWorkingDay('2026-03-07')).toBe(false); // plain Saturday
    expect(cal.isWorkingDay('2026-03-09')).toBe(true); // plain Monday
  });

  it('describes a day with its holiday name', () => {
    expect(cal.describe('2026-10-03')).toEqual({
      day: '2026-10-03',
      kind: 'holiday',
      working: false,
      holiday: { zh: '国庆节', en: 'National Day' },
    });
    expect(cal.describe('2026-02-28').kind).toBe('adjusted-workday');
    expect(cal.describe('2026-03-08').kind).toBe('weekend');
  });

  it('has 248 working days in 2026', () => {
    let count = 0;
    for (let d = '2026-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) if (cal.isWorkingDay(d)) count++;
    expect(count).toBe(248);
    expect(cal.workingDaysBetween('2026-01-01', '2026-12-31')).toBe(248);
  });

  it('adds working days across weekends and holidays', () => {
    expect(cal.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(cal.addWorkingDays('2026-03-06', 1)).toBe('2026-03-09'); // Friday → Monday
    expect(cal.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14'); // Friday → working Saturday
    expect(cal.addWorkingDays('2026-04-03', 1)).toBe('2026-04-07'); // Qingming Saturday–Monday
    expect(cal.addWorkingDays('2026-02-13', 3)).toBe('2026-02-25'); // across Spring Festival
    expect(cal.addWorkingDays('2026-10-09', 1)).toBe('2026-10-10');
    expect(cal.addWorkingDays('2026-10-01', 1)).toBe('2026-10-08'); // received on a holiday
  });

  it('adding 0 keeps a working day and moves a rest day to the next working day', () => {
    expect(cal.addWorkingDays('2026-03-09', 0)).toBe('2026-03-09');
    expect(cal.addWorkingDays('2026-03-07', 0)).toBe('2026-03-09');
    expect(cal.addWorkingDays('2026-10-01', 0)).toBe('2026-10-08');
  });

  it('refuses a negative or fractional count', () => {
    expect(() => cal.addWorkingDays('2026-03-09', -1)).toThrow(DomainError);
    expect(() => cal.addWorkingDays('2026-03-09', 1.5)).toThrow(/whole number/);
  });

  it('counts working days in (a, b] and is the inverse of adding', () => {
    expect(cal.workingDaysBetween('2026-09-30', '2026-10-08')).toBe(1);
    expect(cal.workingDaysBetween('2026-10-08', '2026-09-30')).toBe(-1);
    expect(cal.workingDaysBetween('2026-03-09', '2026-03-09')).toBe(0);
    for (let d = '2026-01-05'; d <= '2026-11-30'; d = addDays(d, 13)) {
      if (!cal.isWorkingDay(d)) continue;
      for (const n of [0, 1, 2, 3, 5, 10])
        expect(cal.workingDaysBetween(d, cal.addWorkingDays(d, n))).toBe(n);
    }
  });

  it('fails naming the year for a day the calendar does not know, also when adding crosses into it', () => {
    expectYearUnknown(() => cal.isWorkingDay('2027-01-04'), 2027);
    expectYearUnknown(() => cal.addWorkingDays('2026-12-31', 1), 2027);
    expectYearUnknown(() => cal.addWorkingDays('2025-12-31', 0), 2025);
    expectYearUnknown(() => cal.workingDaysBetween('2025-12-30', '2026-01-05'), 2025);
    // The last working days of 2026 still work.
    expect(cal.addWorkingDays('2026-12-29', 2)).toBe('2026-12-31');
  });

  it('spans several years when given several', () => {
    const next = {
      year: 2027,
      holidays: [{ name: '元旦', en: "New Year's Day", from: '2027-01-01', to: '2027-01-01' }],
      workdays: [],
    };
    const two = createCalendar([calendar2026, next]);
    expect(two.years).toEqual([2026, 2027]);
    expect(two.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04'); // Friday 1 Jan is a holiday
    expectYearUnknown(() => two.addWorkingDays('2027-12-31', 1), 2028);
  });
});

describe('calendar data', () => {
  it('accepts the shipped file', () => {
    expect(calendarDataProblems(calendar2026)).toEqual([]);
    expect(parseCalendarData(calendar2026).year).toBe(2026);
  });

  it('refuses data that does not fit the schema, naming the field', () => {
    const problems = calendarDataProblems({ ...calendar2026, workdays: ['2026-13-01x'] });
    expect(problems[0].path).toBe('/workdays/0');
    expect(() => parseCalendarData({ year: 2026 })).toThrow(/holidays/);
  });

  it('refuses inconsistent data', () => {
    const base = { year: 2026, holidays: [] as unknown[], workdays: [] as string[] };
    expect(calendarDataProblems({ ...base, workdays: ['2026-03-09'] })[0].message).toMatch(/weekday/);
    expect(calendarDataProblems({ ...base, workdays: ['2027-01-02'] })[0].message).toMatch(/outside/);
    expect(calendarDataProblems({ ...base, workdays: ['2026-02-30'] })[0].message).toMatch(/real date/);
    expect(
      calendarDataProblems({
        ...base,
        holidays: [{ name: 'x', en: 'x', from: '2026-05-05', to: '2026-05-01' }],
      })[0].message,
    ).toMatch(/before/);
    expect(
      calendarDataProblems({
        ...base,
        holidays: [
          { name: 'a', en: 'a', from: '2026-05-01', to: '2026-05-03' },
          { name: 'b', en: 'b', from: '2026-05-03', to: '2026-05-04' },
        ],
      })[0].message,
    ).toMatch(/overlaps/);
    expect(
      calendarDataProblems({
        ...base,
        holidays: [{ name: 'a', en: 'a', from: '2026-05-01', to: '2026-05-03' }],
        workdays: ['2026-05-02'],
      })[0].message,
    ).toMatch(/both/);
  });

  it('refuses the same year twice', () => {
    expect(() => createCalendar([calendar2026, calendar2026])).toThrow(/twice/);
  });
});
