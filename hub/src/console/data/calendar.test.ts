/**
 * The calendar screen's checks agree with the hub's: every problem the hub would refuse is found
 * here first, under the field path the hub's 400 names; a year the hub accepts passes untouched;
 * the warning names the missing years in both languages.
 */

import { calendarDataProblems } from '@xz/shared/calendar/calendar-data';
import bundled2026 from '@xz/shared/data/calendar-2026.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import type { CalendarData } from './api.ts';
import {
  CALENDAR_CHECK_WORDS,
  calendarToSave,
  checkCalendarYear,
  dayWithWeekday,
  emptyYear,
  holidayLength,
  missingYearsWarning,
} from './calendar.ts';

const year2027 = (more: Partial<CalendarData> = {}): CalendarData => ({
  year: 2027,
  holidays: [{ name: '元旦', en: "New Year's Day", from: '2027-01-01', to: '2027-01-03' }],
  workdays: [],
  ...more,
});

/** The hub's paths (`/holidays/0/to`) as the console names fields (`holidays.0.to`). */
const hubFields = (data: CalendarData) =>
  calendarDataProblems(data).map((p) => p.path.replace(/^\//, '').replace(/\//g, '.'));

describe('checkCalendarYear', () => {
  it('passes the bundled 2026 calendar and a one-holiday 2027, as the hub does', () => {
    expect(checkCalendarYear(bundled2026 as CalendarData)).toEqual({});
    expect(checkCalendarYear(year2027())).toEqual({});
    expect(checkCalendarYear(emptyYear(2027))).toEqual({});
    expect(hubFields(year2027())).toEqual([]);
  });

  it('names a date outside the year beside its field, where the hub names it', () => {
    const data = year2027({
      holidays: [{ name: '元旦', en: "New Year's Day", from: '2027-01-01', to: '2028-01-03' }],
    });
    expect(checkCalendarYear(data)).toEqual({ 'holidays.0.to': CALENDAR_CHECK_WORDS.outside(2027) });
    expect(hubFields(data)).toEqual(['holidays.0.to']);
  });

  it('refuses a date that does not exist or is left empty', () => {
    const data = year2027({
      holidays: [
        { name: '春节', en: 'Spring Festival', from: '2027-02-30', to: '2027-03-01' },
        { name: '清明节', en: 'Qingming Festival', from: '', to: '2027-04-05' },
      ],
    });
    expect(checkCalendarYear(data)).toEqual({
      'holidays.0.from': CALENDAR_CHECK_WORDS.date,
      'holidays.1.from': CALENDAR_CHECK_WORDS.date,
    });
    expect(hubFields(data)).toEqual(expect.arrayContaining(['holidays.1.from']));
  });

  it('refuses a holiday that ends before it starts, and one overlapping another', () => {
    expect(
      checkCalendarYear(
        year2027({
          holidays: [{ name: '春节', en: 'Spring Festival', from: '2027-02-10', to: '2027-02-05' }],
        }),
      ),
    ).toEqual({ 'holidays.0.to': CALENDAR_CHECK_WORDS.endsBefore });
    const overlapping = year2027({
      holidays: [
        { name: '春节', en: 'Spring Festival', from: '2027-02-05', to: '2027-02-13' },
        { name: '另一个', en: 'Another', from: '2027-02-13', to: '2027-02-14' },
      ],
    });
    expect(checkCalendarYear(overlapping)).toEqual({ 'holidays.1': CALENDAR_CHECK_WORDS.overlap });
    expect(hubFields(overlapping)).toEqual(['holidays.1']);
  });

  it('refuses names left empty or too long, trimmed as they are saved', () => {
    expect(
      checkCalendarYear(
        year2027({ holidays: [{ name: '  ', en: 'x'.repeat(81), from: '2027-01-01', to: '2027-01-01' }] }),
      ),
    ).toEqual({ 'holidays.0.name': CALENDAR_CHECK_WORDS.name, 'holidays.0.en': CALENDAR_CHECK_WORDS.en });
  });

  it('takes only weekend days, once each and not on a holiday, as adjusted working days', () => {
    // 2027-02-20 is a Saturday, 2027-02-22 a Monday, 2027-01-02 a Saturday inside New Year.
    const data = year2027({
      workdays: ['2027-02-20', '2027-02-22', '2027-02-20', '2027-01-02', '2026-12-26'],
    });
    expect(checkCalendarYear(data)).toEqual({
      'workdays.1': CALENDAR_CHECK_WORDS.weekday,
      'workdays.2': CALENDAR_CHECK_WORDS.twice,
      'workdays.3': CALENDAR_CHECK_WORDS.alsoHoliday,
      'workdays.4': CALENDAR_CHECK_WORDS.outside(2027),
    });
    expect(new Set(hubFields(data))).toEqual(
      new Set(['workdays.1', 'workdays.2', 'workdays.3', 'workdays.4']),
    );
  });
});

describe('calendarToSave', () => {
  it('trims names and orders holidays by first day and working days by date', () => {
    const saved = calendarToSave(
      year2027({
        holidays: [
          { name: ' 春节 ', en: 'Spring Festival ', from: '2027-02-05', to: '2027-02-13' },
          { name: '元旦', en: "New Year's Day", from: '2027-01-01', to: '2027-01-01' },
        ],
        workdays: ['2027-02-20', '2027-01-31'],
      }),
    );
    expect(saved.holidays.map((h) => [h.name, h.en])).toEqual([
      ['元旦', "New Year's Day"],
      ['春节', 'Spring Festival'],
    ]);
    expect(saved.workdays).toEqual(['2027-01-31', '2027-02-20']);
    expect(hubFields(saved)).toEqual([]);
  });
});

describe('the words of the calendar', () => {
  it('warns of one missing year as the console shows it', () => {
    expect(missingYearsWarning([2027])).toEqual({
      zh: '2027 年节假日安排尚未录入：工作日暂按周一至周五计算，相关期限为暂定。',
      en: 'The 2027 holiday calendar is not loaded: working days count Monday–Friday and deadlines are provisional.',
    });
  });

  it('names several missing years in order', () => {
    const w = missingYearsWarning([2027, 2026]);
    expect(w.zh.startsWith('2026、2027 年')).toBe(true);
    expect(w.en.startsWith('The 2026 and 2027 holiday calendars are not loaded')).toBe(true);
  });

  it('says a day with its weekday and how long a holiday lasts', () => {
    expect(dayWithWeekday('2027-02-20')).toBe('2027-02-20 周六 Saturday');
    expect(dayWithWeekday('')).toBe('');
    expect(holidayLength({ name: '春节', en: 'Spring Festival', from: '2027-02-05', to: '2027-02-13' })).toBe(
      9,
    );
    expect(holidayLength({ name: '春节', en: 'Spring Festival', from: '', to: '2027-02-13' })).toBe(0);
  });
});
