/**
 * The working-day calendar a station uses: the years bundled with the product, each replaced by
 * the year a district operator saved on the hub (`calendar:{year}` documents, replicated with the
 * published policies). A year neither has counts Monday–Friday (the queue never refuses for it).
 */
import { bundledCalendarData } from '@xz/shared/calendar/calendar';
import { type CalendarData, calendarDataProblems } from '@xz/shared/calendar/calendar-data';
import { queueCalendarOf } from '@xz/shared/calendar/queue-calendar';
import type { WorkingDayCalendar } from '@xz/shared/queue/types';
import type PouchDB from 'pouchdb';

export interface StationCalendar {
  calendar: WorkingDayCalendar;
  /** The years known, and where each came from (`2026:bundled,2027:hub`): changes mean reconfigure. */
  digest: string;
}

/** The bundled years only (until the local copy of the published database has been read). */
export function bundledStationCalendar(): StationCalendar {
  return calendarOf([]);
}

/** The calendar from the local copy of the published database; a malformed year is skipped. */
export async function readStationCalendar(db: PouchDB.Database): Promise<StationCalendar> {
  const res = await db.allDocs({ include_docs: true, startkey: 'calendar:', endkey: 'calendar:\ufff0' });
  return calendarOf(res.rows);
}

function calendarOf(rows: ReadonlyArray<{ doc?: unknown }>): StationCalendar {
  const byYear = new Map<number, { data: CalendarData; source: string }>();
  for (const data of bundledCalendarData as CalendarData[])
    byYear.set(data.year, { data, source: 'bundled' });
  for (const row of rows) {
    const doc = row.doc as { type?: unknown; data?: unknown; _rev?: string } | undefined;
    if (doc?.type !== 'calendar' || calendarDataProblems(doc.data).length > 0) continue;
    const data = doc.data as CalendarData;
    byYear.set(data.year, { data, source: `hub@${doc._rev ?? ''}` });
  }
  const years = [...byYear.entries()].sort(([a], [b]) => a - b);
  return {
    calendar: queueCalendarOf(years.map(([, y]) => y.data)),
    digest: years.map(([year, y]) => `${year}:${y.source}`).join(','),
  };
}
