/**
 * The working-day calendar as hub data: each year's holidays and adjusted working days are a
 * document `calendar:{year}` in the published database (so every station replicates it, like the
 * policies), edited by a district operator and checked on save. The years bundled with the
 * product are the defaults; a year saved on the hub replaces the bundled one.
 *
 * Until a year is loaded, working days fall back to Monday–Friday everywhere: stations keep
 * serving, case deadlines computed that way are marked provisional and are computed again (from
 * the same start) once the year arrives, and the console warns.
 */
import { bundledCalendarData, createCalendar, type WorkingCalendar } from '@xz/shared/calendar/calendar';
import { type CalendarData, calendarDataProblems } from '@xz/shared/calendar/calendar-data';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import { HubDb } from '@xz/shared/ids';
import { createStationTime } from '@xz/shared/time';
import type { AuditLog } from '../audit/audit.ts';
import { type CouchClient, statusOf } from '../couch/client.ts';
import type { Operator } from '../users/roles.ts';

export const calendarDocId = (year: number) => `calendar:${year}`;

export interface CalendarDoc {
  _id: string;
  _rev?: string;
  type: 'calendar';
  year: number;
  data: CalendarData;
  updatedAt: number;
  updatedBy: string;
}

export interface CalendarYear {
  year: number;
  source: 'bundled' | 'hub';
  data: CalendarData;
  updatedAt?: number;
  updatedBy?: string;
}

export interface CalendarOverview {
  years: CalendarYear[];
  /** This year and next, when their data is missing (working days count Monday–Friday). */
  missing: number[];
}

export interface CalendarService {
  /** The calendar of the moment (bundled years, replaced by the hub's). */
  current(): WorkingCalendar;
  /** Reads the hub's years again (at start, after a save). */
  reload(): Promise<void>;
  overview(): Promise<CalendarOverview>;
  save(year: number, input: unknown, operator: Operator, ip?: string): Promise<CalendarYear>;
}

const shanghai = createStationTime('Asia/Shanghai');

export function createCalendarService(options: {
  couch: CouchClient;
  audit: AuditLog;
  now?: () => number;
}): CalendarService {
  const { couch, audit } = options;
  const now = options.now ?? Date.now;
  const db = couch.db<CalendarDoc>(HubDb.Policies);
  const bundled = (bundledCalendarData as CalendarData[]).map((d) => structuredClone(d));
  let stored: CalendarDoc[] = [];
  let calendar = createCalendar(bundled);

  function years(): CalendarYear[] {
    const byYear = new Map<number, CalendarYear>();
    for (const data of bundled) byYear.set(data.year, { year: data.year, source: 'bundled', data });
    for (const doc of stored) {
      byYear.set(doc.year, {
        year: doc.year,
        source: 'hub',
        data: doc.data,
        updatedAt: doc.updatedAt,
        updatedBy: doc.updatedBy,
      });
    }
    return [...byYear.values()].sort((a, b) => a.year - b.year);
  }

  async function reload(): Promise<void> {
    const res = await db.list({ include_docs: true, startkey: 'calendar:', endkey: 'calendar:\ufff0' });
    stored = res.rows.map((r) => r.doc).filter((d): d is NonNullable<typeof d> => d?.type === 'calendar');
    calendar = createCalendar(years().map((y) => y.data));
  }

  return {
    current: () => calendar,
    reload,
    async overview() {
      const known = new Set(years().map((y) => y.year));
      const thisYear = Number(shanghai.day(now()).slice(0, 4));
      return { years: years(), missing: [thisYear, thisYear + 1].filter((y) => !known.has(y)) };
    },
    async save(year, input, operator, ip) {
      const problems = calendarDataProblems(input);
      if (problems.length > 0) {
        const first = problems[0];
        const field = first.path.replace(/^\//, '').replace(/\//g, '.') || 'calendar';
        throw new DomainError(ErrorCode.Validation, `${field}: ${first.message}`, {
          field,
          errors: problems,
        });
      }
      const data = input as CalendarData;
      if (data.year !== year) {
        throw new DomainError(ErrorCode.Validation, `year: the data is for ${data.year}, not ${year}`, {
          field: 'year',
        });
      }
      let rev: string | undefined;
      let before: CalendarData | undefined;
      try {
        const current = await db.get(calendarDocId(year));
        rev = current._rev;
        before = current.data;
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
      const doc: CalendarDoc = {
        _id: calendarDocId(year),
        ...(rev ? { _rev: rev } : {}),
        type: 'calendar',
        year,
        data,
        updatedAt: now(),
        updatedBy: operator.username,
      };
      await db.insert(doc);
      await reload();
      await audit.record({
        actor: { id: operator.username, roles: [...operator.roles] },
        action: 'calendar.save',
        target: { kind: 'calendar', id: String(year) },
        ...(before ? { before: { holidays: before.holidays.length, workdays: before.workdays.length } } : {}),
        after: { holidays: data.holidays.length, workdays: data.workdays.length },
        ...(ip ? { ip } : {}),
      });
      return { year, source: 'hub', data, updatedAt: doc.updatedAt, updatedBy: doc.updatedBy };
    },
  };
}

/** A calendar that always answers from the service's calendar of the moment. */
export function liveCalendar(service: CalendarService): WorkingCalendar {
  return {
    get years() {
      return service.current().years;
    },
    isWorkingDay: (day) => service.current().isWorkingDay(day),
    describe: (day) => service.current().describe(day),
    addWorkingDays: (day, n) => service.current().addWorkingDays(day, n),
    workingDaysBetween: (a, b) => service.current().workingDaysBetween(a, b),
  };
}
