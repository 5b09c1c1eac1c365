/**
 * The working-day calendar in the form the queue decider's opening hours use (plain data: the
 * years covered, rest days and adjusted working days).
 */
import type { WorkingDayCalendar } from '../queue/types.ts';
import { bundledCalendarData } from './calendar.ts';
import { type CalendarData, parseCalendarData } from './calendar-data.ts';
import { addDays } from './day.ts';

export function queueCalendarOf(data: readonly unknown[]): WorkingDayCalendar {
  const years: number[] = [];
  const restDays: string[] = [];
  const workDays: string[] = [];
  for (const raw of data) {
    const year: CalendarData = parseCalendarData(raw);
    years.push(year.year);
    for (const h of year.holidays) {
      for (let d = h.from; d <= h.to; d = addDays(d, 1)) restDays.push(d);
    }
    workDays.push(...year.workdays);
  }
  return { years: years.sort(), restDays, workDays };
}

export function bundledQueueCalendar(): WorkingDayCalendar {
  return queueCalendarOf(bundledCalendarData);
}
