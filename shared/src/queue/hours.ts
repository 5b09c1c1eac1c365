/**
 * Opening hours in station time on the working-day calendar (`calendar/day.ts` for days and
 * weekdays, `StationQueueConfig.calendar` for rest days and adjusted working days).
 */
import { addDays, type Day, weekday, yearOf } from '../calendar/day.ts';
import { parseClockTime } from '../time.ts';
import { serviceOf, stationTimeOf } from './config.ts';
import type { OpeningHours, QueueState } from './types.ts';

function isMondayToFriday(day: Day): boolean {
  const wd = weekday(day);
  return wd >= 1 && wd <= 5;
}

/**
 * Whether a day is a working day. A year the calendar has no data for falls back to Monday–Friday:
 * a station keeps serving on 2 January whether or not that year's holidays have been loaded (the
 * hub warns its operators; the data, once loaded, reaches the station and is used from then on).
 */
export function isWorkingDay(state: QueueState, day: Day): boolean {
  const cal = state.config.calendar;
  if (!cal?.years.includes(yearOf(day))) return isMondayToFriday(day);
  if (cal.restDays.includes(day)) return false;
  if (cal.workDays.includes(day)) return true;
  return isMondayToFriday(day);
}

function dayMatches(state: QueueState, rule: OpeningHours['days'], day: Day): boolean {
  switch (rule) {
    case 'mon-sun':
      return true;
    case 'mon-fri':
      return isMondayToFriday(day);
    case 'sat-sun':
      return !isMondayToFriday(day);
    case 'working-days':
      return isWorkingDay(state, day);
    default: {
      const never: never = rule;
      throw new Error(`Unknown days rule: ${String(never)}`);
    }
  }
}

/**
 * Whether a service is within its opening hours at an instant, in station time.
 * A 'working-days' rule in a year the calendar lacks counts Monday–Friday (never refuses).
 */
export function isOpenAt(state: QueueState, serviceId: string, at: number): boolean {
  const service = serviceOf(state, serviceId);
  const hours = service.hours ?? state.config.hours;
  const clock = stationTimeOf(state).clock(at);
  const now = clock.secondOfDay;
  for (const h of hours) {
    const from = parseClockTime(h.from) ?? 0;
    const to = parseClockTime(h.to) ?? 0;
    if (from < to) {
      if (now >= from && now < to && dayMatches(state, h.days, clock.day)) return true;
    } else {
      // Runs past midnight: the evening part belongs to today, the morning part to yesterday.
      if (now >= from && dayMatches(state, h.days, clock.day)) return true;
      if (now < to && dayMatches(state, h.days, addDays(clock.day, -1))) return true;
    }
  }
  return false;
}
