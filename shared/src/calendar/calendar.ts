/**
 * Working-day arithmetic over the official calendar (holidays and adjusted workdays). Deadlines of
 * requests and bad-rating callbacks, and the policy publication target, are counted with it.
 *
 * A day in a year the calendar has no data for is an error (XZ_ERR_CALENDAR_YEAR_UNKNOWN naming
 * the year), never a guess: a deadline computed from weekends alone would be wrong around every
 * holiday.
 */
import calendar2026 from '../../data/calendar-2026.json' with { type: 'json' };
import { DomainError, ErrorCode } from '../errors.ts';
import { type CalendarData, parseCalendarData } from './calendar-data.ts';
import { type Day, dayFromNumber, dayNumber, weekday, yearOf } from './day.ts';

/** Why a day is or is not a working day. */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjusted-workday';

export interface DayInfo {
  day: Day;
  kind: DayKind;
  working: boolean;
  /** Holiday name (zh) and English name, when kind is 'holiday'. */
  holiday?: { zh: string; en: string };
}

export interface WorkingCalendar {
  /** The years the calendar knows, ascending. */
  readonly years: readonly number[];
  /** True when the day is a working day (Mon–Fri not in a holiday, or an adjusted workday). */
  isWorkingDay(day: Day): boolean;
  /** The kind of a day and, for a holiday, its name. */
  describe(day: Day): DayInfo;
  /**
   * The n-th working day after `day` (n ≥ 0, integer). Counting starts the day after `day`, so
   * Friday + 1 is the next Monday unless that is a holiday, and the result never depends on
   * whether `day` itself was a working day. n = 0 means "no later than `day`'s own working day":
   * `day` when it is a working day, otherwise the next working day.
   */
  addWorkingDays(day: Day, n: number): Day;
  /**
   * Working days in the half-open range (a, b]: the days after `a` up to and including `b`.
   * Negative when b is before a. For a working day a, workingDaysBetween(a, addWorkingDays(a, n))
   * is n, so it measures how many working days of a deadline have been used.
   */
  workingDaysBetween(a: Day, b: Day): number;
}

interface YearTable {
  holidays: Map<number, { zh: string; en: string }>;
  workdays: Set<number>;
}

function yearUnknown(year: number, known: readonly number[]): DomainError {
  return new DomainError(
    ErrorCode.CalendarYearUnknown,
    `the working-day calendar has no data for ${year} (known: ${known.join(', ') || 'none'})`,
    { year },
  );
}

/** Builds a calendar from one or more years of data, each checked against the schema first. */
export function createCalendar(data: readonly unknown[]): WorkingCalendar {
  const tables = new Map<number, YearTable>();
  for (const raw of data) {
    const year: CalendarData = parseCalendarData(raw);
    if (tables.has(year.year)) {
      throw new DomainError(ErrorCode.Validation, `calendar data for ${year.year} is given twice`, {
        errors: [{ path: '/year', message: `duplicate year ${year.year}` }],
      });
    }
    const holidays = new Map<number, { zh: string; en: string }>();
    for (const h of year.holidays) {
      for (let n = dayNumber(h.from); n <= dayNumber(h.to); n++) holidays.set(n, { zh: h.name, en: h.en });
    }
    tables.set(year.year, { holidays, workdays: new Set(year.workdays.map(dayNumber)) });
  }
  const years = Object.freeze([...tables.keys()].sort((a, b) => a - b));

  const tableFor = (n: number): YearTable => {
    const year = yearOf(dayFromNumber(n));
    const table = tables.get(year);
    if (table === undefined) throw yearUnknown(year, years);
    return table;
  };

  const kindOf = (n: number): DayKind => {
    const table = tableFor(n);
    if (table.holidays.has(n)) return 'holiday';
    if (table.workdays.has(n)) return 'adjusted-workday';
    const wd = weekday(dayFromNumber(n));
    return wd === 0 || wd === 6 ? 'weekend' : 'workday';
  };

  const isWorking = (n: number): boolean => {
    const kind = kindOf(n);
    switch (kind) {
      case 'workday':
      case 'adjusted-workday':
        return true;
      case 'weekend':
      case 'holiday':
        return false;
      default: {
        const never: never = kind;
        throw new Error(`unknown day kind ${String(never)}`);
      }
    }
  };

  const countAfter = (from: number, to: number): number => {
    let count = 0;
    for (let n = from + 1; n <= to; n++) if (isWorking(n)) count++;
    return count;
  };

  return {
    years,
    isWorkingDay(day) {
      return isWorking(dayNumber(day));
    },
    describe(day) {
      const n = dayNumber(day);
      const kind = kindOf(n);
      const info: DayInfo = { day, kind, working: kind === 'workday' || kind === 'adjusted-workday' };
      const holiday = tableFor(n).holidays.get(n);
      if (holiday !== undefined) info.holiday = holiday;
      return info;
    },
    addWorkingDays(day, n) {
      if (!Number.isInteger(n) || n < 0) {
        throw new DomainError(
          ErrorCode.Validation,
          `working days to add must be a whole number ≥ 0, got ${n}`,
          {
            errors: [{ path: '/n', message: 'must be an integer ≥ 0' }],
          },
        );
      }
      let cursor = dayNumber(day);
      if (n === 0) {
        while (!isWorking(cursor)) cursor++;
        return dayFromNumber(cursor);
      }
      tableFor(cursor);
      let left = n;
      while (left > 0) {
        cursor++;
        if (isWorking(cursor)) left--;
      }
      return dayFromNumber(cursor);
    },
    workingDaysBetween(a, b) {
      const na = dayNumber(a);
      const nb = dayNumber(b);
      tableFor(na);
      tableFor(nb);
      return nb >= na ? countAfter(na, nb) : -countAfter(nb, na);
    },
  };
}

/** The calendar data shipped with Xiaozhan (`data/calendar-*.json`). */
export const bundledCalendarData: readonly unknown[] = Object.freeze([calendar2026]);

/** A calendar over the shipped data. */
export function createBundledCalendar(): WorkingCalendar {
  return createCalendar(bundledCalendarData);
}
