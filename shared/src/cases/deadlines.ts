/**
 * Case deadlines in working days (pure). A deadline of N working days from an instant is due at
 * the end (24:00, station time) of the N-th working day after that instant's day, on the official
 * calendar. When the calendar has no data for a year, working days fall back to Monday–Friday and
 * the deadline is marked provisional: it is computed again (from the same start and N) once the
 * year is loaded, so nothing stored needs rewriting.
 */
import type { WorkingCalendar } from '../calendar/calendar.ts';
import { addDays, weekday } from '../calendar/day.ts';
import { isDomainError } from '../errors.ts';
import { createStationTime } from '../time.ts';

export const CASE_TIME_ZONE = 'Asia/Shanghai';

const stationTime = createStationTime(CASE_TIME_ZONE);

/** A clock: N working days (or calendar days) from an instant. */
export interface Clock {
  /** Epoch ms the clock starts at (receipt, assignment, reopening, last progress note). */
  from: number;
  /** Working days allowed (N ≥ 0). */
  workingDays?: number;
  /** Calendar days allowed instead (long-running progress notes: every 7 days). */
  calendarDays?: number;
}

export interface Due {
  /** Station day the deadline ends on. */
  day: string;
  /** Epoch ms of that day's 24:00 (station time). */
  at: number;
  /** Computed with Monday–Friday because the calendar lacks the year. */
  provisional: boolean;
}

/** Monday–Friday after `day`: the fallback when the year is not loaded. */
function addWeekdays(day: string, n: number): string {
  let cursor = day;
  if (n === 0) {
    while (weekday(cursor) === 0 || weekday(cursor) === 6) cursor = addDays(cursor, 1);
    return cursor;
  }
  let left = n;
  while (left > 0) {
    cursor = addDays(cursor, 1);
    if (weekday(cursor) !== 0 && weekday(cursor) !== 6) left--;
  }
  return cursor;
}

/** When a clock runs out. */
export function dueOf(calendar: WorkingCalendar, clock: Clock): Due {
  const startDay = stationTime.day(clock.from);
  let day: string;
  let provisional = false;
  if (clock.calendarDays !== undefined) {
    day = addDays(startDay, clock.calendarDays);
  } else {
    const n = clock.workingDays ?? 0;
    try {
      day = calendar.addWorkingDays(startDay, n);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      day = addWeekdays(startDay, n);
      provisional = true;
    }
  }
  return { day, at: stationTime.toEpoch(day, '24:00'), provisional };
}

/** The station day of an instant (Asia/Shanghai). */
export function caseDay(at: number): string {
  return stationTime.day(at);
}

/** A deadline that ends with a given station day (a date the station set itself). */
export function endOfDay(day: string): Due {
  return { day, at: stationTime.toEpoch(day, '24:00'), provisional: false };
}
