/**
 * The official working-day calendar of one year (国务院办公厅 holiday notice), as shipped in
 * `data/calendar-{year}.json`: holiday ranges and the weekend days that are adjusted to working
 * days (调休). Checked against a schema and for internal consistency before use.
 */
import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { DomainError, ErrorCode } from '../errors.ts';
import { type Day, dayNumber, isDay, weekday, yearOf } from './day.ts';

const DayString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

export const HolidaySchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 40 }),
    en: Type.String({ minLength: 1, maxLength: 80 }),
    from: DayString,
    to: DayString,
  },
  { additionalProperties: false },
);

export const CalendarDataSchema = Type.Object(
  {
    year: Type.Integer({ minimum: 1949, maximum: 9999 }),
    source: Type.Optional(Type.String({ maxLength: 500 })),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    holidays: Type.Array(HolidaySchema, { maxItems: 100 }),
    workdays: Type.Array(DayString, { maxItems: 100 }),
  },
  { additionalProperties: false },
);

export type Holiday = Static<typeof HolidaySchema>;
export type CalendarData = Static<typeof CalendarDataSchema>;

const checker = TypeCompiler.Compile(CalendarDataSchema);

export interface CalendarDataProblem {
  path: string;
  message: string;
}

/** Schema and consistency problems of one year's calendar data; empty when it can be used. */
export function calendarDataProblems(input: unknown): CalendarDataProblem[] {
  if (!checker.Check(input)) {
    return [...checker.Errors(input)].map((e) => ({ path: e.path || '/', message: e.message }));
  }
  const data = input;
  const problems: CalendarDataProblem[] = [];
  const inYear = (day: Day, path: string): boolean => {
    if (!isDay(day)) {
      problems.push({ path, message: `not a real date: ${day}` });
      return false;
    }
    if (yearOf(day) !== data.year) {
      problems.push({ path, message: `${day} is outside the calendar year ${data.year}` });
      return false;
    }
    return true;
  };
  const holidayDays = new Set<number>();
  data.holidays.forEach((h, i) => {
    const fromOk = inYear(h.from, `/holidays/${i}/from`);
    const toOk = inYear(h.to, `/holidays/${i}/to`);
    if (!fromOk || !toOk) return;
    const from = dayNumber(h.from);
    const to = dayNumber(h.to);
    if (to < from) {
      problems.push({
        path: `/holidays/${i}`,
        message: `holiday ends (${h.to}) before it starts (${h.from})`,
      });
      return;
    }
    for (let n = from; n <= to; n++) {
      if (holidayDays.has(n)) {
        problems.push({ path: `/holidays/${i}`, message: `${h.name} overlaps another holiday` });
        return;
      }
      holidayDays.add(n);
    }
  });
  const seen = new Set<string>();
  data.workdays.forEach((d, i) => {
    const path = `/workdays/${i}`;
    if (!inYear(d, path)) return;
    if (seen.has(d)) problems.push({ path, message: `${d} is listed twice` });
    seen.add(d);
    const wd = weekday(d);
    if (wd !== 0 && wd !== 6) {
      problems.push({
        path,
        message: `${d} is a weekday; only Saturdays and Sundays can be adjusted workdays`,
      });
    }
    if (holidayDays.has(dayNumber(d))) {
      problems.push({ path, message: `${d} is both a holiday and an adjusted workday` });
    }
  });
  return problems;
}

/** Returns the data typed when it is a usable calendar; throws XZ_ERR_VALIDATION naming each problem. */
export function parseCalendarData(input: unknown): CalendarData {
  const problems = calendarDataProblems(input);
  if (problems.length > 0) {
    throw new DomainError(
      ErrorCode.Validation,
      `invalid calendar data: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      { errors: problems },
    );
  }
  return input as CalendarData;
}
