/**
 * The station's queue configuration: its defaults, the check that names a bad field, the lookup of
 * a service, and the empty state a configuration starts from.
 */
import { DomainError, ErrorCode } from '../errors.ts';
import { SERVICE_PREFIX_PATTERN } from '../ids.ts';
import { createStationTime, isValidTimeZone, parseClockTime, type StationTime } from '../time.ts';
import { emptyPersistentMap } from './persistent-map.ts';
import type {
  CounterState,
  OpeningHours,
  PersistentMap,
  QueueState,
  ServiceConfig,
  StationQueueConfig,
  TicketView,
} from './types.ts';

/** Recent service times kept per service when the configuration does not say. */
export const DEFAULT_SERVICE_WINDOW = 20;
/** Minutes within which a no-show can be undone when the configuration does not say. */
export const DEFAULT_NO_SHOW_UNDO_MINUTES = 10;
/**
 * After a station lost its history and the hub could not give it back, that day's numbers resume
 * above this (A501…): a station does not issue 500 tickets of one service a day.
 */
export const RESTORE_NUMBER_FLOOR = 500;

/** A validation error naming the field (XZ_ERR_VALIDATION). */
export function invalid(field: string, message: string): DomainError {
  return new DomainError(ErrorCode.Validation, `${field}: ${message}`, { field });
}

function checkHours(hours: unknown, field: string): void {
  if (!Array.isArray(hours)) throw invalid(field, 'must be a list of opening hours');
  hours.forEach((h: Partial<OpeningHours>, i) => {
    const f = `${field}[${i}]`;
    if (!h || typeof h !== 'object') throw invalid(f, 'must be an object');
    if (!['mon-sun', 'mon-fri', 'sat-sun', 'working-days'].includes(h.days as string))
      throw invalid(`${f}.days`, "must be 'mon-sun', 'mon-fri', 'sat-sun' or 'working-days'");
    const from = typeof h.from === 'string' ? parseClockTime(h.from) : null;
    const to = typeof h.to === 'string' ? parseClockTime(h.to) : null;
    if (from === null || from >= 86_400 || h.from?.length !== 5)
      throw invalid(`${f}.from`, "must be 'HH:MM' (00:00..23:59)");
    if (to === null || h.to?.length !== 5) throw invalid(`${f}.to`, "must be 'HH:MM' (00:00..24:00)");
    if (from === to) throw invalid(`${f}.to`, 'must differ from `from`');
  });
}

/** Checks a station queue configuration; throws DomainError(XZ_ERR_VALIDATION) naming the field. */
export function validateStationQueueConfig(config: StationQueueConfig): void {
  if (!config || typeof config !== 'object') throw invalid('config', 'must be an object');
  if (typeof config.stationId !== 'string' || config.stationId.length === 0)
    throw invalid('stationId', 'must be a non-empty string');
  if (typeof config.timeZone !== 'string' || !isValidTimeZone(config.timeZone))
    throw invalid('timeZone', `unknown time zone '${String(config.timeZone)}'`);
  if (!Array.isArray(config.services) || config.services.length === 0)
    throw invalid('services', 'must be a non-empty list');
  const ids = new Set<string>();
  const prefixes = new Set<string>();
  config.services.forEach((s, i) => {
    const f = `services[${i}]`;
    if (typeof s?.id !== 'string' || s.id.length === 0)
      throw invalid(`${f}.id`, 'must be a non-empty string');
    if (ids.has(s.id)) throw invalid(`${f}.id`, `duplicate service '${s.id}'`);
    ids.add(s.id);
    if (typeof s.prefix !== 'string' || !new RegExp(SERVICE_PREFIX_PATTERN).test(s.prefix))
      throw invalid(`${f}.prefix`, 'must be one capital letter A–Z except I and O');
    if (prefixes.has(s.prefix)) throw invalid(`${f}.prefix`, `duplicate prefix '${s.prefix}'`);
    prefixes.add(s.prefix);
    if (typeof s.name?.zh !== 'string' || typeof s.name?.en !== 'string')
      throw invalid(`${f}.name`, 'must have zh and en');
    if (!(typeof s.avgMinutes === 'number' && s.avgMinutes > 0 && s.avgMinutes <= 480))
      throw invalid(`${f}.avgMinutes`, 'must be a number in (0, 480]');
    if (!Number.isInteger(s.dailyCap) || s.dailyCap < 1 || s.dailyCap > 999)
      throw invalid(`${f}.dailyCap`, 'must be an integer 1..999');
    if (!Number.isInteger(s.warnAt) || s.warnAt < 0 || s.warnAt > s.dailyCap)
      throw invalid(`${f}.warnAt`, 'must be an integer 0..dailyCap');
    if (s.hours !== undefined) checkHours(s.hours, `${f}.hours`);
  });
  if (!Array.isArray(config.counters)) throw invalid('counters', 'must be a list');
  const counterIds = new Set<string>();
  config.counters.forEach((c, i) => {
    const f = `counters[${i}]`;
    if (typeof c?.id !== 'string' || c.id.length === 0)
      throw invalid(`${f}.id`, 'must be a non-empty string');
    if (counterIds.has(c.id)) throw invalid(`${f}.id`, `duplicate counter '${c.id}'`);
    counterIds.add(c.id);
    if (!Array.isArray(c.services) || c.services.length === 0)
      throw invalid(`${f}.services`, 'must be a non-empty list');
    c.services.forEach((sid, j) => {
      if (!ids.has(sid)) throw invalid(`${f}.services[${j}]`, `unknown service '${String(sid)}'`);
    });
    if (c.reserved !== undefined && c.reserved !== 'green' && c.reserved !== 'normal')
      throw invalid(`${f}.reserved`, "must be 'green' or 'normal'");
  });
  checkHours(config.hours, 'hours');
  const p = config.calling;
  if (!p || !['default', 'fifo', 'strict'].includes(p.kind))
    throw invalid('calling.kind', "must be 'default', 'fifo' or 'strict'");
  if (!(Number.isFinite(p.greenHeadStartMinutes) && p.greenHeadStartMinutes >= 0))
    throw invalid('calling.greenHeadStartMinutes', 'must be a number ≥ 0');
  if (!(Number.isInteger(p.greenQuota) && p.greenQuota >= 1))
    throw invalid('calling.greenQuota', 'must be an integer ≥ 1');
  if (!(Number.isFinite(p.maxExtraWaitMinutes) && p.maxExtraWaitMinutes > 0))
    throw invalid('calling.maxExtraWaitMinutes', 'must be a number > 0');
  if (!Number.isInteger(config.recallMax) || config.recallMax < 0 || config.recallMax > 10)
    throw invalid('recallMax', 'must be an integer 0..10');
  if (
    config.serviceWindow !== undefined &&
    !(Number.isInteger(config.serviceWindow) && config.serviceWindow >= 1)
  )
    throw invalid('serviceWindow', 'must be an integer ≥ 1');
  if (
    config.noShowUndoMinutes !== undefined &&
    !(
      Number.isFinite(config.noShowUndoMinutes) &&
      config.noShowUndoMinutes >= 0 &&
      config.noShowUndoMinutes <= 240
    )
  )
    throw invalid('noShowUndoMinutes', 'must be a number of minutes 0..240');
  if (
    config.restoredWithoutHistory !== undefined &&
    !/^\d{4}-\d{2}-\d{2}$/.test(config.restoredWithoutHistory)
  )
    throw invalid('restoredWithoutHistory', 'must be a day YYYY-MM-DD');
  if (config.calendar !== undefined) {
    const cal = config.calendar;
    if (!Array.isArray(cal.years) || !cal.years.every((y) => Number.isInteger(y)))
      throw invalid('calendar.years', 'must be a list of years');
    if (!Array.isArray(cal.restDays)) throw invalid('calendar.restDays', 'must be a list of days');
    if (!Array.isArray(cal.workDays)) throw invalid('calendar.workDays', 'must be a list of days');
  }
}

/** Empty state for a configuration (validated; throws DomainError on a bad configuration). */
export function initialState(config: StationQueueConfig): QueueState {
  validateStationQueueConfig(config);
  const counters: Record<string, CounterState> = {};
  for (const c of config.counters) counters[c.id] = { id: c.id, calls: 0 };
  const waiting: Record<string, PersistentMap<true>> = {};
  const recent: Record<string, readonly number[]> = {};
  for (const s of config.services) {
    waiting[s.id] = emptyPersistentMap<true>();
    recent[s.id] = [];
  }
  return {
    config,
    dayCounters: emptyPersistentMap<number>(),
    dayIssued: emptyPersistentMap<number>(),
    tickets: emptyPersistentMap<TicketView>(),
    waiting,
    counters,
    greenStreak: 0,
    idempotency: emptyPersistentMap<string>(),
    recentServiceSeconds: recent,
    lastEventAt: 0,
  };
}

/** The configuration of a service; throws DomainError(XZ_ERR_UNKNOWN_SERVICE). */
export function serviceOf(state: QueueState, serviceId: string): ServiceConfig {
  const service = state.config.services.find((s) => s.id === serviceId);
  if (!service)
    throw new DomainError(ErrorCode.UnknownService, `Unknown service '${serviceId}'`, { serviceId });
  return service;
}

const stationTimes = new Map<string, StationTime>();

/**
 * The station's time: one formatter per zone, kept for every later command (creating a formatter
 * costs about a hundred times more than using it, and each one holds native memory until collected).
 */
export function stationTimeOf(state: QueueState): StationTime {
  const zone = state.config.timeZone;
  let time = stationTimes.get(zone);
  if (time === undefined) {
    time = createStationTime(zone);
    stationTimes.set(zone, time);
  }
  return time;
}
