/**
 * The working-day calendar as the console edits it: an empty year to start from, a year's data
 * checked as typed before the hub checks it again (each wrong field by the path the hub's 400
 * names: `holidays.0.to`, `workdays.2`), the order a year is saved in, the warning shown while a
 * year is missing, and the words of the calendar screens in Chinese and English.
 */
import { dayNumber, isDay, weekday, yearOf } from '@xz/shared/calendar/day';
import type { CalendarData, CalendarHoliday } from './api.ts';
import type { Words } from './case-words.ts';

/** Years the hub accepts (`PUT /api/calendar/:year`). */
export const CALENDAR_YEARS = { min: 2000, max: 2100 } as const;

export const CALENDAR_CHECK_WORDS = {
  name: { zh: '请填写中文名称（最多 40 个字）。', en: 'Enter the Chinese name (up to 40 characters).' },
  en: { zh: '请填写英文名称（最多 80 个字）。', en: 'Enter the English name (up to 80 characters).' },
  date: { zh: '请填写日期（年-月-日）。', en: 'Enter a date (YYYY-MM-DD).' },
  outside: (year: number): Words => ({
    zh: `日期须在 ${year} 年内。`,
    en: `The date must be in ${year}.`,
  }),
  endsBefore: { zh: '结束日期早于开始日期。', en: 'The holiday ends before it starts.' },
  overlap: { zh: '与另一个节假日重叠。', en: 'This holiday overlaps another one.' },
  twice: { zh: '该日期已列出。', en: 'This day is listed twice.' },
  weekday: {
    zh: '调休上班日只能是周六或周日。',
    en: 'Only a Saturday or Sunday can be an adjusted working day.',
  },
  alsoHoliday: {
    zh: '该日期同时是节假日。',
    en: 'This day is also a holiday.',
  },
  year: {
    zh: `年份为 ${CALENDAR_YEARS.min} 到 ${CALENDAR_YEARS.max} 的整数。`,
    en: `A year is a whole number from ${CALENDAR_YEARS.min} to ${CALENDAR_YEARS.max}.`,
  },
  known: { zh: '该年份已有日历，请在列表中打开。', en: 'This year has a calendar: open it from the list.' },
  tooMany: { zh: '最多 100 项。', en: 'At most 100 entries.' },
} as const;

/** A year with no holidays and no adjusted working days yet. */
export const emptyYear = (year: number): CalendarData => ({ year, holidays: [], workdays: [] });

/** Checks a year as typed; errors by field path (the hub's 400 names the same paths). */
export function checkCalendarYear(data: CalendarData): Record<string, Words> {
  const errors: Record<string, Words> = {};
  const W = CALENDAR_CHECK_WORDS;
  if (!Number.isInteger(data.year) || data.year < CALENDAR_YEARS.min || data.year > CALENDAR_YEARS.max) {
    errors.year = W.year;
    return errors;
  }
  if (data.holidays.length > 100) errors.holidays = W.tooMany;
  if (data.workdays.length > 100) errors.workdays = W.tooMany;
  const inYear = (day: string, path: string): boolean => {
    if (!isDay(day)) errors[path] = W.date;
    else if (yearOf(day) !== data.year) errors[path] = W.outside(data.year);
    else return true;
    return false;
  };
  const holidayDays = new Map<number, number>();
  data.holidays.forEach((h, i) => {
    const name = h.name.trim();
    const en = h.en.trim();
    if (name.length < 1 || name.length > 40) errors[`holidays.${i}.name`] = W.name;
    if (en.length < 1 || en.length > 80) errors[`holidays.${i}.en`] = W.en;
    const fromOk = inYear(h.from, `holidays.${i}.from`);
    const toOk = inYear(h.to, `holidays.${i}.to`);
    if (!fromOk || !toOk) return;
    const from = dayNumber(h.from);
    const to = dayNumber(h.to);
    if (to < from) {
      errors[`holidays.${i}.to`] = W.endsBefore;
      return;
    }
    for (let n = from; n <= to; n++) {
      if (holidayDays.has(n)) {
        errors[`holidays.${i}`] = W.overlap;
        return;
      }
    }
    for (let n = from; n <= to; n++) holidayDays.set(n, i);
  });
  const seen = new Set<string>();
  data.workdays.forEach((d, i) => {
    const path = `workdays.${i}`;
    if (!inYear(d, path)) return;
    if (seen.has(d)) errors[path] = W.twice;
    else if (weekday(d) !== 0 && weekday(d) !== 6) errors[path] = W.weekday;
    else if (holidayDays.has(dayNumber(d))) errors[path] = W.alsoHoliday;
    seen.add(d);
  });
  return errors;
}

/** A year as it is saved: names trimmed, holidays by first day, adjusted working days in order. */
export function calendarToSave(data: CalendarData): CalendarData {
  const holidays: CalendarHoliday[] = data.holidays
    .map((h) => ({ name: h.name.trim(), en: h.en.trim(), from: h.from, to: h.to }))
    .sort((a, b) => a.from.localeCompare(b.from));
  return { ...data, holidays, workdays: [...data.workdays].sort() };
}

/** The console's warning while years are missing (working days count Monday–Friday meanwhile). */
export function missingYearsWarning(years: readonly number[]): Words {
  const sorted = [...years].sort((a, b) => a - b);
  const zh = sorted.join('、');
  const en =
    sorted.length <= 1
      ? `${sorted[0]} holiday calendar is`
      : `${sorted.slice(0, -1).join(', ')} and ${sorted.at(-1)} holiday calendars are`;
  return {
    zh: `${zh} 年节假日安排尚未录入：工作日暂按周一至周五计算，相关期限为暂定。`,
    en: `The ${en} not loaded: working days count Monday–Friday and deadlines are provisional.`,
  };
}

export const CALENDAR_WORDS = {
  title: { zh: '工作日历', en: 'Working-day calendar' },
  intro: {
    zh: '各站点与办件时限按此日历计算工作日：周六、周日休息，除非列为调休上班日；节假日内的日期均休息。保存后随政策发布到各站点，办件时限随即按新日历重新计算。',
    en: 'Stations and case deadlines count working days on this calendar: Saturdays and Sundays are rest days unless listed as adjusted working days; every day of a holiday is a rest day. A saved year reaches every station with the published policies, and case deadlines are computed again at once.',
  },
  readOnly: {
    zh: '仅管理员和区级运营人员可修改日历。',
    en: 'Only admins and the district office edit the calendar.',
  },
  bundled: { zh: '随系统提供', en: 'Bundled' },
  hub: { zh: '中心已保存', en: 'Saved on the hub' },
  missing: { zh: '尚未录入', en: 'Not loaded' },
  openWarning: { zh: '录入日历', en: 'Enter the calendar' },
  saved: {
    zh: '已保存，并将发送到各站点。',
    en: 'Saved; it goes out to every station.',
  },
  fix: { zh: '请修改标出的项。', en: 'Please correct the marked fields.' },
} as const;

export const WEEKDAY_WORDS: readonly Words[] = [
  { zh: '周日', en: 'Sunday' },
  { zh: '周一', en: 'Monday' },
  { zh: '周二', en: 'Tuesday' },
  { zh: '周三', en: 'Wednesday' },
  { zh: '周四', en: 'Thursday' },
  { zh: '周五', en: 'Friday' },
  { zh: '周六', en: 'Saturday' },
];

/** A day with its weekday (`2027-02-07 周日 Sunday`); anything else as it is. */
export function dayWithWeekday(day: string): string {
  if (!isDay(day)) return day;
  const w = WEEKDAY_WORDS[weekday(day)] as Words;
  return `${day} ${w.zh} ${w.en}`;
}

/** How many days a holiday lasts (0 when its dates are not usable). */
export function holidayLength(h: CalendarHoliday): number {
  if (!isDay(h.from) || !isDay(h.to)) return 0;
  return Math.max(0, dayNumber(h.to) - dayNumber(h.from) + 1);
}
